"""API plumbing shared by every app: the error format with stable codes, the error responses
each operation declares in the schema, and the API docs views."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.views import defaults
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from programs.choices import in_words
from programs.errors import DomainError, ErrorCode, StaleEditError
from programs.uploads import body_too_large

from .error_pages import not_found_page


@functools.cache
def enum_field_class(
    choices: type[models.Choices], *, nullable: bool = False
) -> type[serializers.ChoiceField]:
    """A ChoiceField of ``choices`` whose schema is one shared component named after the
    enumeration (``Party``, ``DocumentStatus``...), whichever field uses it. A stored blank
    ("not set") reads as null; a field that can be null gets the enumeration inline with null
    among its values."""
    values: list[Any] = list(choices.values)
    kind = "integer" if all(isinstance(v, int) for v in values) else "string"
    schema: dict[str, Any] = {
        "type": [kind, "null"] if nullable else kind,
        "enum": [*values, None] if nullable else values,
        "description": "\n".join(f"* `{value}` - {label}" for value, label in choices.choices),
    }

    @extend_schema_field(schema, component_name=None if nullable else choices.__name__)
    class EnumField(serializers.ChoiceField):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(choices.choices, **kwargs)
            # DRF's default echoes the value sent; a person needs the choices.
            self.error_messages["invalid_choice"] = f"Choose one of: {in_words(choices)}."

        def to_representation(self, value: Any) -> Any:
            return None if value == "" else super().to_representation(value)

    EnumField.__name__ = EnumField.__qualname__ = f"{choices.__name__}Field"
    return EnumField


def enum_field(choices: type[models.Choices], **kwargs: Any) -> serializers.ChoiceField:
    return enum_field_class(choices, nullable=kwargs.get("allow_null", False))(**kwargs)


class ProblemSerializer(serializers.Serializer):
    task_uid = serializers.IntegerField(
        required=False, allow_null=True, help_text="The task it is about, when there is one."
    )
    location = serializers.CharField(
        required=False,
        help_text="Where it is in an imported file: a line and task UID of Microsoft Project "
        "XML, or a sheet, row and column of a workbook.",
    )
    message = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    """Every error the API answers: a stable ``code``, a ``detail`` a person can act on, the
    ``field`` it concerns where there is one, and per-field messages for invalid payloads."""

    code = enum_field(ErrorCode)
    detail = serializers.CharField()
    field = serializers.CharField(
        required=False,
        help_text="Where the error is: a payload field, or a place in a document's content "
        "such as `tables.milestones[1].planned_date` (rows count from 1).",
    )
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For `invalid` payloads: every field in error with its messages.",
    )
    problems = ProblemSerializer(
        many=True,
        required=False,
        help_text="Every problem found, where the error has several (a schedule the engine "
        "refuses, a file that cannot be imported, a change request's operations): each with "
        "the task or the place in the file it is about.",
    )
    current_sha256 = serializers.CharField(
        required=False,
        help_text="When a signature names a content hash that is no longer current: the "
        "current one.",
    )


class ChangeMeanwhileSerializer(serializers.Serializer):
    by = serializers.CharField(help_text="Username of who saved.")
    party = serializers.CharField(help_text="Their party (empty for the system).")
    at = serializers.DateTimeField()
    revision = serializers.IntegerField(help_text="The revision their save made.")
    parts = serializers.ListField(
        child=serializers.CharField(), help_text="Titles of the parts they changed."
    )
    action = serializers.CharField()


class StaleVersionErrorSerializer(ErrorSerializer):
    """A save from an older revision: who saved meanwhile and what the version holds now, so
    the editor can merge and save again from ``current_revision``."""

    current_revision = serializers.IntegerField()
    changed_meanwhile = ChangeMeanwhileSerializer(many=True)
    current_content = serializers.JSONField()


class FieldChangeSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The field's name in the API.")
    title = serializers.CharField(help_text="The field's name as the pages show it.")
    before = serializers.CharField(help_text="Its value before that change, in words.")
    after = serializers.CharField(help_text="Its value after that change, in words.")


class RecordChangeMeanwhileSerializer(ChangeMeanwhileSerializer):
    changes = FieldChangeSerializer(many=True)


class StaleRecordErrorSerializer(ErrorSerializer):
    """A change sent with the ETag of an older revision: who changed the record meanwhile and
    each field's value before and after, so the client can read it again and decide."""

    current_revision = serializers.IntegerField()
    changed_meanwhile = RecordChangeMeanwhileSerializer(many=True)


_STATUS_TEXT = {
    400: "The request cannot be done as sent: `invalid` (a malformed payload, with `field` "
    "and `errors`) or the code of the rule it breaks.",
    401: "No valid token or session (`not_authenticated`): send `Authorization: Token <token>`.",
    403: "A rule of the portal forbids it (`permission_denied`).",
    404: "No such program or object, or it is not visible to you, or you may not do this to "
    "it (`not_found`): the API never confirms that something you may not reach exists.",
    409: "Someone saved the version after the revision you started from (`stale_version`); "
    "nothing was written.",
    412: "The record changed after the revision your `If-Match` names (`stale_version`): "
    "`changed_meanwhile` says who changed what; nothing was written. Read it again and send "
    "the new ETag.",
    428: "Send the record's ETag in `If-Match` (`precondition_required`): the portal refuses "
    "changes that do not say which revision they start from.",
    429: "Too many requests (`throttled`): wait the seconds `Retry-After` gives.",
}


def error_responses(
    *statuses: int, codes: Iterable[ErrorCode] = ()
) -> dict[int | tuple[int, str], Any]:
    """The error responses of an operation for ``extend_schema(responses=...)``. 401, 403 and
    429 are always there (every operation but the token one needs a login; every one is
    throttled); ``codes`` lists the domain codes a 400 may carry besides ``invalid``."""
    out: dict[int | tuple[int, str], Any] = {}
    for code in sorted({401, 403, 429, *statuses}):
        text = _STATUS_TEXT[code]
        if code == 400 and codes:
            text += " Codes: " + ", ".join(f"`{c.value}`" for c in codes) + "."
        serializer = {409: StaleVersionErrorSerializer, 412: StaleRecordErrorSerializer}.get(
            code, ErrorSerializer
        )
        out[code] = OpenApiResponse(serializer, description=text)
    return out


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
    if isinstance(exc, RequestDataTooBig):  # a body over DATA_UPLOAD_MAX_MEMORY_SIZE: 413
        exc = body_too_large(context["request"].META)
    if isinstance(exc, DomainError):
        code = exc.status_code
        if isinstance(exc, StaleEditError) and context["request"].headers.get("If-Match"):
            code = status.HTTP_412_PRECONDITION_FAILED  # the precondition the client set
        return Response(exc.as_dict(), status=code)
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
    elif isinstance(exc, exceptions.ParseError):
        # A body that is not JSON is as unusable as JSON of the wrong shape.
        response.data = {"code": ErrorCode.INVALID, "detail": str(exc.detail)}
    elif isinstance(exc, exceptions.APIException):
        response.data = {"code": exc.default_code, "detail": str(exc.detail)}
    return response


def wants_json(request: HttpRequest) -> bool:
    """An API client: a path under /api/ (the documentation page aside), or an Accept header
    that prefers JSON to HTML (a browser's prefers HTML)."""
    if request.path.startswith("/api/") and not request.path.startswith("/api/docs/"):
        return True
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def _json_error(code: ErrorCode, detail: str, status_code: int) -> JsonResponse:
    return JsonResponse({"code": code, "detail": detail}, status=status_code)


# Django's error views (handler400, 403, 404 and 500 in the root URLconf) for what never
# reaches the exception handler above: an unknown /api/ path, an exception a view did not
# handle. API clients get the same error format; browsers the portal's pages (templates/400.html,
# 403.html, 404.html, 500.html). A 500 says nothing of what failed: the traceback goes to the log.


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if wants_json(request):
        return _json_error(ErrorCode.INVALID, "Bad request.", 400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if wants_json(request):
        return _json_error(
            ErrorCode.PERMISSION_DENIED, "You do not have permission to do this.", 403
        )
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if wants_json(request):
        return _json_error(ErrorCode.NOT_FOUND, "Not found.", 404)
    return not_found_page(request)


def server_error(request: HttpRequest) -> HttpResponse:
    if wants_json(request):
        return _json_error(
            ErrorCode.SERVER_ERROR,
            "The portal failed to answer this request; it has been logged. Try again later.",
            500,
        )
    return defaults.server_error(request)


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema; for signed-in people only unless API_DOCS_PUBLIC."""

    def get_permissions(self) -> list[Any]:
        if settings.API_DOCS_PUBLIC:
            return [AllowAny()]
        return [IsAuthenticated()]


class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI over the schema, its set-up script served as a file (?script), not inline,
    for the Content-Security-Policy; anonymous visitors go to the login page unless
    API_DOCS_PUBLIC."""

    template_name = "api/swagger_ui.html"

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not settings.API_DOCS_PUBLIC and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().get(request, *args, **kwargs)
