"""The provider's expenditure reports under /api/programs/{code}/pmp/expenditure-reports/:
every revision of every month (list, retrieve), submitting a month's report (create),
the customer's acknowledgement and line disputes, the provider's correction, and the import
of the month's workbook. Everything here is money: members who may not see costs, like
everyone outside the program, get a 404. Writes call ``pmp.services.expenditure``, whose
refusals answer 403 (who may) or 400 (what, with the field: ``lines[2].amount``)."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.contrib.auth.models import User
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from pmo_portal.api import ErrorSerializer, enum_field, error_responses
from programs.api.base import PROGRAM_CODE, CostsScopedViewSet
from programs.errors import DomainError, ErrorCode
from programs.uploads import limit_uploads

from ..models import ExpenditureHours, ExpenditureLine, ExpenditureReport, ReportStatus
from ..services import expenditure as services
from ..services.expenditure_import import report_import

UPLOAD_KIND = "expenditure"
MONTH = r"^\d{4}-\d{2}$"


def _user(request: Request) -> User:
    return cast(User, request.user)


def _month(text: str, field: str = "period") -> date:
    try:
        return date.fromisoformat(f"{text}-01")
    except ValueError:
        raise DomainError("The month is YYYY-MM.", field=field) from None


class ControlAccountSummarySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    wbs = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class ExpenditureLineSerializer(serializers.ModelSerializer[ExpenditureLine]):
    control_account = ControlAccountSummarySerializer(read_only=True)
    disputed_by = serializers.CharField(
        source="disputed_by.username", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = ExpenditureLine
        fields = [
            "id",
            "control_account",
            "amount",
            "correction_reason",
            "dispute_reason",
            "disputed_by",
            "disputed_at",
        ]
        read_only_fields = fields


class ExpenditureHoursSerializer(serializers.ModelSerializer[ExpenditureHours]):
    class Meta:
        model = ExpenditureHours
        fields = ["resource", "hours"]
        read_only_fields = fields


class ExpenditureReportSerializer(serializers.ModelSerializer[ExpenditureReport]):
    month = serializers.SerializerMethodField(help_text="The month reported, YYYY-MM.")
    status = enum_field(ReportStatus, read_only=True)
    supersedes = serializers.IntegerField(
        source="supersedes.revision",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="The revision this one corrects.",
    )
    submitted_by = serializers.CharField(
        source="submitted_by.username", read_only=True, allow_null=True, default=None
    )
    acknowledged_by = serializers.CharField(
        source="acknowledged_by.username", read_only=True, allow_null=True, default=None
    )
    total = serializers.SerializerMethodField(help_text="The sum of the lines' actual cost.")
    lines = ExpenditureLineSerializer(many=True, read_only=True)
    hours = ExpenditureHoursSerializer(many=True, read_only=True)

    class Meta:
        model = ExpenditureReport
        fields = [
            "id",
            "month",
            "period",
            "revision",
            "status",
            "supersedes",
            "due_on",
            "late",
            "submitted_by",
            "submitted_at",
            "acknowledged_by",
            "acknowledged_at",
            "source_name",
            "narrative",
            "total",
            "lines",
            "hours",
        ]
        read_only_fields = fields

    def get_month(self, report: ExpenditureReport) -> str:
        return f"{report.period:%Y-%m}"

    def get_total(self, report: ExpenditureReport) -> str:
        return f"{sum((line.amount for line in report.lines.all()), start=0):.2f}"


class ExpenditureLineInputSerializer(serializers.Serializer[Any]):
    control_account = serializers.CharField(
        max_length=60, help_text="The control account's WBS code."
    )
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="The actual cost; negative corrects."
    )
    correction_reason = serializers.CharField(
        max_length=services.MAX_REASON_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required with a negative amount.",
    )


class ExpenditureHoursInputSerializer(serializers.Serializer[Any]):
    resource = serializers.CharField(max_length=services.MAX_RESOURCE_LENGTH)
    hours = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)


class ExpenditureContentSerializer(serializers.Serializer[Any]):
    lines = serializers.ListField(
        child=ExpenditureLineInputSerializer(),
        max_length=2000,
        help_text="One per control account.",
    )
    hours = serializers.ListField(
        child=ExpenditureHoursInputSerializer(),
        required=False,
        default=list,
        max_length=services.MAX_HOURS_ROWS,
    )
    narrative = serializers.CharField(
        max_length=20_000, required=False, allow_blank=True, default=""
    )

    def content(self) -> dict[str, Any]:
        data = self.validated_data
        return {
            "lines": [
                (row["control_account"], row["amount"], row["correction_reason"])
                for row in data["lines"]
            ],
            "hours": [(row["resource"], row["hours"]) for row in data["hours"]],
            "narrative": data["narrative"],
        }


class ExpenditureSubmitSerializer(ExpenditureContentSerializer):
    period = serializers.RegexField(MONTH, help_text="The month reported, YYYY-MM.")


class ExpenditureDisputeSerializer(serializers.Serializer[Any]):
    line = serializers.IntegerField(help_text="The id of a line of the report.")
    reason = serializers.CharField(
        max_length=services.MAX_REASON_LENGTH, allow_blank=True, help_text="Required."
    )


class ExpenditureWithdrawSerializer(serializers.Serializer[Any]):
    line = serializers.IntegerField(help_text="The id of a disputed line of the report.")


class ExpenditureImportSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="The month's workbook (.xlsx).")
    period = serializers.RegexField(
        MONTH,
        required=False,
        allow_blank=True,
        help_text="YYYY-MM; left out, the workbook's cell Report!B1.",
    )


REPORT_CODES = [ErrorCode.INVALID, ErrorCode.TRANSITION_NOT_ALLOWED, ErrorCode.NO_SCHEDULE]
REPORT_ERRORS = error_responses(400, 404, codes=REPORT_CODES)
MONEY_NOTE = " Members who may not see costs get a 404, as for a program they are not in."


@extend_schema(parameters=[PROGRAM_CODE], tags=["Expenditure reports"])
@extend_schema_view(
    list=extend_schema(
        summary="Every revision of the expenditure reports, latest month first",
        description="Filter by month with `period=YYYY-MM`." + MONEY_NOTE,
        parameters=[OpenApiParameter("period", str, description="A month, YYYY-MM.")],
        responses={200: ExpenditureReportSerializer(many=True), **error_responses(404)},
    ),
    retrieve=extend_schema(
        summary="A revision of an expenditure report, with its lines and hours",
        responses={200: ExpenditureReportSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Submit a month's expenditure report",
        description="The provider's Program Managers and PMO Leads. Revision 1 of a month "
        "that has begun, from the agreed baseline's first month, not a closed status period, "
        "with no report standing; one line per active control account (a negative amount "
        "with its correction reason). Due on business day N of the next month; `late` when "
        "submitted after it. Audited.",
        request=ExpenditureSubmitSerializer,
        responses={201: ExpenditureReportSerializer, **REPORT_ERRORS},
    ),
)
class ExpenditureReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, CostsScopedViewSet[ExpenditureReport]
):
    queryset = ExpenditureReport.objects.select_related(
        "submitted_by", "acknowledged_by", "supersedes"
    ).prefetch_related(
        Prefetch(
            "lines",
            queryset=ExpenditureLine.objects.select_related("control_account", "disputed_by"),
        ),
        "hours",
    )
    serializer_class = ExpenditureReportSerializer
    http_method_names = ["get", "post", "head", "options"]
    # The customer reviews a report the provider owns: the services say who may.
    policy_actions = {
        "create": "view",
        "acknowledge": "view",
        "dispute": "view",
        "withdraw_dispute": "view",
        "correct": "view",
        "import_workbook": "view",
    }

    def initialize_request(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Request:
        if request.method == "POST" and request.path.rstrip("/").endswith("/import"):
            # Before anything (the session's CSRF check included) reads the body.
            limit_uploads(request, kind=UPLOAD_KIND)
        return super().initialize_request(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[ExpenditureReport]:
        rows = super().get_queryset()
        period = self.request.query_params.get("period", "") if self.action == "list" else ""
        if period:
            rows = rows.filter(period=_month(period))
        return rows

    def _answer(self, report: ExpenditureReport, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.queryset.get(pk=report.pk)).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = ExpenditureSubmitSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        report = services.report_submit(
            acting_user=_user(request),
            program=self.program,
            period=_month(payload.validated_data["period"]),
            **payload.content(),
        )
        return self._answer(report, status.HTTP_201_CREATED)

    def _report(self) -> ExpenditureReport:
        report = self.get_object()
        report.program = self.program
        return report

    @extend_schema(
        summary="Acknowledge a submitted report",
        description="The customer's Program Managers, PMO Leads and Executive Sponsors; a "
        "report with a disputed line is not acknowledged. Its actual cost then counts in "
        "earned value. Audited.",
        request=None,
        responses={200: ExpenditureReportSerializer, **REPORT_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = services.report_acknowledge(acting_user=_user(request), report=self._report())
        return self._answer(report)

    def _line(self, report: ExpenditureReport, pk: int) -> ExpenditureLine:
        line = ExpenditureLine.objects.filter(report=report, pk=pk).first()
        if line is None:
            raise DomainError("No such line in this report.", field="line")
        line.report = report
        return line

    @extend_schema(
        summary="Dispute a line of a report, with the reason",
        description="The customer, as for acknowledging. The report is disputed until the "
        "provider corrects it. Audited.",
        request=ExpenditureDisputeSerializer,
        responses={200: ExpenditureReportSerializer, **REPORT_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def dispute(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = self._report()
        payload = ExpenditureDisputeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.line_dispute(
            acting_user=_user(request),
            line=self._line(report, payload.validated_data["line"]),
            reason=payload.validated_data["reason"],
        )
        return self._answer(report)

    @extend_schema(
        summary="Withdraw the dispute of a line",
        description="With no dispute left the report is submitted again. Audited.",
        request=ExpenditureWithdrawSerializer,
        responses={200: ExpenditureReportSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"], url_path="withdraw-dispute")
    def withdraw_dispute(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = self._report()
        payload = ExpenditureWithdrawSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.line_dispute_withdraw(
            acting_user=_user(request), line=self._line(report, payload.validated_data["line"])
        )
        return self._answer(report)

    @extend_schema(
        summary="Correct a disputed report with a new revision",
        description="The provider. The new revision supersedes the disputed one, which is kept "
        "with its lines and disputes; the month keeps its due date and lateness. Audited.",
        request=ExpenditureContentSerializer,
        responses={201: ExpenditureReportSerializer, **REPORT_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = self._report()
        payload = ExpenditureContentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        corrected = services.report_correct(
            acting_user=_user(request), report=report, **payload.content()
        )
        return self._answer(corrected, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Import a month's report from its workbook, all or nothing",
        description="Sheets Expenditure (WBS, Control account, Actual cost, Correction "
        "reason), Hours (Resource or role, Hours; optional) and Report (the month in B1, the "
        "narrative in B2), as the page's workbook has them. With no report for the month it "
        "is submitted; with a disputed one it is its correction. Any problem refuses the file "
        "(`import_invalid`, with `problems`: place such as `Expenditure!C7` and detail).",
        request={"multipart/form-data": ExpenditureImportSerializer},
        responses={
            201: ExpenditureReportSerializer,
            **error_responses(400, 404, codes=[ErrorCode.IMPORT_INVALID, *REPORT_CODES]),
            413: OpenApiResponse(
                ErrorSerializer,
                description="The file is over the size limit of expenditure report "
                "workbooks (`upload_too_large`); nothing was read.",
            ),
        },
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser],
    )
    def import_workbook(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = ExpenditureImportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        period = payload.validated_data.get("period") or ""
        upload = payload.validated_data["file"]
        report = report_import(
            acting_user=_user(request),
            program=self.program,
            data=upload.read(),
            filename=upload.name or "workbook.xlsx",
            period=_month(period) if period else None,
        )
        return self._answer(report, status.HTTP_201_CREATED)
