"""The funding and earned value settings API, under /api/programs/{code}/pmp/:

- ``funding/documents/``: the funding documents with their modifications (list, create,
  retrieve, update, delete), and ``funding/documents/{id}/modifications/`` for the
  modifications of one;
- ``funding/summary/``: the funding summary (``pmp.selectors.funding``);
- ``cost/settings/``: the earned value settings (GET, PUT);
- ``cost/control-accounts/``: the control accounts (GET), and ``sync/`` (POST) to take them
  from the agreed baseline.

Everything here is money: whoever may not see the program's costs gets a 404 ``not_found``,
as does a non-member. Writes call the services, whose refusals answer 403 (who may) or 400
(what is wrong, with the field)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django.contrib.auth.models import User
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pmo_portal.api import error_responses
from programs import policy
from programs.api.base import PROGRAM_CODE, CostsScopedViewSet, visible_costs_program
from programs.conditional import ConditionalGetMixin
from programs.models import Program

from ..models import (
    ControlAccount,
    EarnedValueSettings,
    FundingDocument,
    FundingModification,
)
from ..models.funding import EAC_METHOD_CHOICES
from ..selectors.funding import funding_summary
from ..services import earned_value_setup as setup
from ..services import funding as services

MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}


def _user(request: Request) -> User:
    return cast(User, request.user)


class FundingModificationSerializer(serializers.ModelSerializer[FundingModification]):
    class Meta:
        model = FundingModification
        fields = ["id", "number", "effective_on", "amount", "description", "created_at"]
        read_only_fields = fields


class FundingModificationWriteSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=services.MAX_MODIFICATION_NUMBER_LENGTH)
    effective_on = serializers.DateField(
        help_text="From 90 days before the period of performance starts to one year after it ends."
    )
    amount = serializers.DecimalField(
        min_value=-services.MAX_MONEY,
        max_value=services.MAX_MONEY,
        help_text="Negative to deobligate; the document's total never goes below 0.",
        **MONEY,
    )
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=services.MAX_NOTES_LENGTH
    )


class FundingDocumentSerializer(serializers.ModelSerializer[FundingDocument]):
    total_obligated = serializers.DecimalField(
        read_only=True, help_text="With every modification applied.", **MONEY
    )
    modifications = FundingModificationSerializer(many=True, read_only=True)

    class Meta:
        model = FundingDocument
        fields = [
            "id",
            "number",
            "title",
            "fiscal_year",
            "obligated",
            "total_obligated",
            "performance_start",
            "performance_end",
            "notes",
            "modifications",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class FundingDocumentWriteSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=services.MAX_NUMBER_LENGTH)
    title = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=services.MAX_TITLE_LENGTH
    )
    fiscal_year = serializers.IntegerField(
        min_value=services.MIN_FISCAL_YEAR,
        max_value=services.MAX_FISCAL_YEAR,
        help_text="The federal fiscal year (FY2027: October 2026 to September 2027).",
    )
    obligated = serializers.DecimalField(
        min_value=Decimal(0), max_value=services.MAX_MONEY, **MONEY
    )
    performance_start = serializers.DateField()
    performance_end = serializers.DateField(help_text="On or after the start; ten years at most.")
    notes = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=services.MAX_NOTES_LENGTH
    )


@extend_schema(parameters=[PROGRAM_CODE], tags=["Funding"])
@extend_schema_view(
    list=extend_schema(
        summary="The funding documents, by fiscal year and number, with their modifications",
        responses={200: FundingDocumentSerializer(many=True), **error_responses(404)},
    ),
    retrieve=extend_schema(
        summary="A funding document",
        responses={200: FundingDocumentSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Record a funding document",
        description="The customer's editors who see costs. Audited.",
        request=FundingDocumentWriteSerializer,
        responses={201: FundingDocumentSerializer, **error_responses(400, 404)},
    ),
    update=extend_schema(
        summary="Change a funding document (its modifications stay)",
        request=FundingDocumentWriteSerializer,
        responses={200: FundingDocumentSerializer, **error_responses(400, 404)},
    ),
    destroy=extend_schema(
        summary="Remove a funding document with its modifications",
        responses={204: None, **error_responses(404)},
    ),
)
class FundingDocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CostsScopedViewSet):
    queryset = FundingDocument.objects.prefetch_related("modifications").order_by(
        "fiscal_year", "number"
    )
    serializer_class = FundingDocumentSerializer
    http_method_names = ["get", "post", "put", "delete", "head", "options"]

    def _answer(self, document: FundingDocument, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.queryset.get(pk=document.pk)).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_can_create(FundingDocument(program=self.program))
        payload = FundingDocumentWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        document = services.document_create(
            acting_user=_user(request), program=self.program, **payload.validated_data
        )
        return self._answer(document, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        document = self.get_object()
        payload = FundingDocumentWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.document_update(
            acting_user=_user(request), document=document, **payload.validated_data
        )
        return self._answer(document)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.document_delete(acting_user=_user(request), document=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(parameters=[PROGRAM_CODE], tags=["Funding"])
@extend_schema_view(
    list=extend_schema(
        summary="The modifications of a funding document, by effective date",
        responses={200: FundingModificationSerializer(many=True), **error_responses(404)},
    ),
    retrieve=extend_schema(
        summary="A modification",
        responses={200: FundingModificationSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Add a modification to a funding document",
        description="The customer's editors who see costs. Audited.",
        request=FundingModificationWriteSerializer,
        responses={201: FundingModificationSerializer, **error_responses(400, 404)},
    ),
    update=extend_schema(
        summary="Change a modification",
        request=FundingModificationWriteSerializer,
        responses={200: FundingModificationSerializer, **error_responses(400, 404)},
    ),
    destroy=extend_schema(
        summary="Remove a modification", responses={204: None, **error_responses(400, 404)}
    ),
)
class FundingModificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, CostsScopedViewSet
):
    queryset = FundingModification.objects.select_related("document").order_by(
        "effective_on", "number"
    )
    serializer_class = FundingModificationSerializer
    http_method_names = ["get", "post", "put", "delete", "head", "options"]

    def get_queryset(self) -> Any:
        return super().get_queryset().filter(document_id=self.kwargs["document"])

    def _document(self) -> FundingDocument:
        rows = policy.restrict(
            FundingDocument.objects.filter(program=self.program), self.request.user, "view"
        )
        document = rows.filter(pk=self.kwargs["document"]).first()
        if document is None:
            raise Http404
        document.program = self.program
        return document

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        document = self._document()
        self.require_can_create(FundingModification(document=document))
        payload = FundingModificationWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        made = services.modification_create(
            acting_user=_user(request), document=document, **payload.validated_data
        )
        return Response(self.get_serializer(made).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        modification = self.get_object()
        payload = FundingModificationWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        saved = services.modification_update(
            acting_user=_user(request), modification=modification, **payload.validated_data
        )
        return Response(self.get_serializer(saved).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.modification_delete(acting_user=_user(request), modification=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class FiscalYearFundingSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField()
    original = serializers.DecimalField(help_text="Obligated when signed.", **MONEY)
    modifications = serializers.DecimalField(help_text="By modification.", **MONEY)
    obligated = serializers.DecimalField(help_text="With the modifications.", **MONEY)
    expended = serializers.DecimalField(
        help_text="Acknowledged actual cost of the months of the fiscal year.", **MONEY
    )
    remaining = serializers.DecimalField(help_text="Obligated - expended.", **MONEY)


class BurnMonthSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="Its first day.")
    actual_cost = serializers.DecimalField(**MONEY)


class FundingSummarySerializer(serializers.Serializer):
    years = FiscalYearFundingSerializer(many=True)
    original = serializers.DecimalField(**MONEY)
    modifications = serializers.DecimalField(**MONEY)
    obligated = serializers.DecimalField(**MONEY)
    expended = serializers.DecimalField(**MONEY)
    remaining = serializers.DecimalField(**MONEY)
    expended_of_obligated = serializers.DecimalField(
        max_digits=12, decimal_places=1, allow_null=True, help_text="Percent."
    )
    budget_at_completion = serializers.DecimalField(
        help_text="Sum of the active control accounts' budgets.", **MONEY
    )
    expended_of_budget = serializers.DecimalField(
        max_digits=12, decimal_places=1, allow_null=True, help_text="Percent."
    )
    management_reserve = serializers.DecimalField(help_text="Apart from the BAC.", **MONEY)
    burn_months = BurnMonthSerializer(many=True)
    burn_rate = serializers.DecimalField(
        allow_null=True,
        help_text="Average monthly acknowledged actual cost over the last three months with "
        "an acknowledged report; null before the first.",
        **MONEY,
    )
    months_left = serializers.DecimalField(
        max_digits=16,
        decimal_places=1,
        allow_null=True,
        help_text="(obligated - expended) / burn rate; null without a burn rate.",
    )


@extend_schema(parameters=[PROGRAM_CODE], tags=["Funding"])
class FundingSummaryView(ConditionalGetMixin, APIView):
    @extend_schema(
        summary="The funding summary: obligated, expended, budget, burn rate, months left",
        responses={200: FundingSummarySerializer, **error_responses(404)},
    )
    def get(self, request: Request, code: str) -> Response:
        summary = funding_summary(visible_costs_program(request, code))
        names = [str(name) for name in FundingSummarySerializer().fields]
        data: dict[str, Any] = {name: getattr(summary, name) for name in names}
        data["burn_months"] = [{"month": m, "actual_cost": a} for m, a in summary.burn_months]
        return Response(FundingSummarySerializer(data).data)


class EarnedValueSettingsSerializer(serializers.ModelSerializer[EarnedValueSettings]):
    eac_method = serializers.ChoiceField(choices=EAC_METHOD_CHOICES, required=False)

    class Meta:
        model = EarnedValueSettings
        fields = [*setup.SETTINGS_FIELDS, "updated_at"]
        read_only_fields = ["updated_at"]
        extra_kwargs = {
            "control_account_level": {"min_value": 1, "max_value": setup.MAX_LEVEL},
            "report_due_business_day": {"min_value": 1, "max_value": 20},
            "explanation_due_business_days": {"min_value": 1, "max_value": 60},
            "management_reserve": {"min_value": Decimal(0), "max_value": setup.MAX_MONEY},
            "cost_threshold_amount": {"min_value": Decimal(0), "max_value": setup.MAX_MONEY},
            "schedule_threshold_amount": {"min_value": Decimal(0), "max_value": setup.MAX_MONEY},
        }


@extend_schema(parameters=[PROGRAM_CODE], tags=["Earned value settings"])
class EarnedValueSettingsView(ConditionalGetMixin, APIView):
    @extend_schema(
        summary="The program's earned value settings",
        responses={200: EarnedValueSettingsSerializer, **error_responses(404)},
    )
    def get(self, request: Request, code: str) -> Response:
        program = visible_costs_program(request, code)
        return Response(EarnedValueSettingsSerializer(setup.settings_for(program)).data)

    @extend_schema(
        summary="Change the earned value settings (those left out stay)",
        description="Program Managers and PMO Leads of the customer or the provider. Audited.",
        request=EarnedValueSettingsSerializer,
        responses={200: EarnedValueSettingsSerializer, **error_responses(400, 404)},
    )
    def put(self, request: Request, code: str) -> Response:
        program = visible_costs_program(request, code)
        payload = EarnedValueSettingsSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        found = setup.settings_update(
            acting_user=_user(request), program=program, **payload.validated_data
        )
        return Response(EarnedValueSettingsSerializer(found).data)


class ControlAccountSerializer(serializers.ModelSerializer[ControlAccount]):
    manager = serializers.CharField(
        source="manager.display_name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = ControlAccount
        fields = ["id", "wbs", "name", "task_uid", "budget", "baseline_number", "manager", "active"]
        read_only_fields = fields


def _accounts(program: Program) -> list[ControlAccount]:
    return list(
        ControlAccount.objects.filter(program=program)
        .select_related("manager__user")
        .order_by("-active", "wbs")
    )


@extend_schema(parameters=[PROGRAM_CODE], tags=["Earned value settings"])
class ControlAccountsView(ConditionalGetMixin, APIView):
    @extend_schema(
        summary="The control accounts, active first, in WBS order",
        responses={200: ControlAccountSerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request, code: str) -> Response:
        program = visible_costs_program(request, code)
        return Response(ControlAccountSerializer(_accounts(program), many=True).data)


@extend_schema(parameters=[PROGRAM_CODE], tags=["Earned value settings"])
class ControlAccountsSyncView(APIView):
    @extend_schema(
        summary="Take the control accounts from the agreed baseline",
        description="Program Managers and PMO Leads of the customer or the provider. Answers "
        "every account, the ones the baseline no longer has inactive. Audited.",
        request=None,
        responses={200: ControlAccountSerializer(many=True), **error_responses(400, 404)},
    )
    def post(self, request: Request, code: str) -> Response:
        program = visible_costs_program(request, code)
        setup.control_accounts_sync(acting_user=_user(request), program=program)
        return Response(ControlAccountSerializer(_accounts(program), many=True).data)
