"""API plumbing shared by every app: the error format with stable codes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from programs.errors import DomainError, ErrorCode


class ErrorSerializer(serializers.Serializer):
    """Every error the API answers: a stable ``code``, a ``detail`` a person can act on, the
    ``field`` it concerns where there is one, and per-field messages for invalid payloads."""

    code = serializers.ChoiceField(choices=ErrorCode.choices)
    detail = serializers.CharField()
    field = serializers.CharField(required=False)
    errors = serializers.DictField(required=False)  # type: ignore[assignment]


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            out.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(detail, list) and detail and not all(isinstance(d, str) for d in detail):
        for i, value in enumerate(detail):
            out.update(_flatten(value, f"{prefix}[{i + 1}]"))
    else:
        items = detail if isinstance(detail, list) else [detail]
        out[prefix or "non_field_errors"] = [str(d) for d in items]
    return out


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, Http404):
        return Response(
            {"code": ErrorCode.NOT_FOUND, "detail": "Not found."}, status=status.HTTP_404_NOT_FOUND
        )
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        field, messages = next(iter(errors.items()))
        response.data = {
            "code": ErrorCode.INVALID,
            "detail": f"{field}: {messages[0]}" if field != "non_field_errors" else messages[0],
            "field": field,
            "errors": errors,
        }
    elif isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        response.data = {"code": ErrorCode.NOT_AUTHENTICATED, "detail": str(exc.detail)}
    elif isinstance(exc, exceptions.PermissionDenied):
        response.data = {"code": ErrorCode.PERMISSION_DENIED, "detail": str(exc.detail)}
    elif isinstance(exc, exceptions.APIException):
        response.data = {"code": exc.default_code, "detail": str(exc.detail)}
    return response
