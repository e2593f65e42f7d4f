"""The QASP's performance in the API, under /api/programs/{code}/qasp/performance/: the
scorecard (every standard by month over the agreed period up to today, with its totals), a
standard's trend against its AQL, and the open corrective action requests by age. Members
of the program read them (a 404 for anyone else); what the pages show, in the same words."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pmo_portal.api import error_responses
from programs import policy
from programs.api.base import PROGRAM_CODE, visible_program
from programs.conditional import ConditionalGetMixin

from .. import car_ageing, scorecard
from ..scorecard import SYMBOLS

TAGS = ["QASP performance"]
STATUS_HELP = "In words: " + ", ".join(f'"{s}"' for s in SYMBOLS) + "."


class ScoreMonthSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="The first day of the month.")
    period = serializers.DateField(
        source="cell.start", help_text="The first day of the period the month belongs to."
    )
    period_label = serializers.CharField(source="cell.label")
    status = serializers.CharField(source="cell.status", help_text=STATUS_HELP)
    detail = serializers.CharField(
        source="cell.detail",
        help_text='The observed value ("99.7 %"), or the month\'s events ("2 events, 1 met").',
    )
    record_ids = serializers.ListField(child=serializers.IntegerField())


class ScoreStandardSerializer(serializers.Serializer):
    code = serializers.CharField(source="standard.code")
    standard = serializers.CharField(source="standard.standard")
    aql_text = serializers.CharField(source="standard.aql_text")
    frequency = serializers.CharField(source="standard.frequency")
    met = serializers.IntegerField(help_text="Periods (or events) that met the AQL.")
    surveilled = serializers.IntegerField(help_text="Periods (or events) recorded.")
    months = ScoreMonthSerializer(many=True)


class ScorecardSerializer(serializers.Serializer):
    version_number = serializers.IntegerField(
        allow_null=True, help_text="The approved QASP version; null before one is approved."
    )
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True)
    standards = ScoreStandardSerializer(many=True)


class TrendPointSerializer(serializers.Serializer):
    period_label = serializers.CharField(
        source="label", help_text='"March 2026", or an event\'s day "March 9, 2026".'
    )
    observed = serializers.DecimalField(max_digits=12, decimal_places=4, allow_null=True)
    aql = serializers.DecimalField(max_digits=12, decimal_places=4)
    verdict = serializers.CharField(help_text=STATUS_HELP)
    record_id = serializers.IntegerField(source="record.pk", allow_null=True, default=None)


class TrendSerializer(serializers.Serializer):
    code = serializers.CharField(source="standard.code")
    standard = serializers.CharField(source="standard.standard")
    unit = serializers.CharField(source="standard.unit")
    aql_text = serializers.CharField(source="standard.aql_text")
    points = TrendPointSerializer(many=True)


class AgedCarSerializer(serializers.Serializer):
    reference = serializers.CharField(source="car.reference")
    standard_code = serializers.CharField(source="car.standard_code")
    status = serializers.CharField(source="car.status")
    issued_on = serializers.DateField(source="car.issued_on")
    age = serializers.IntegerField(help_text="Days since issue.")


class AgeBucketSerializer(serializers.Serializer):
    age_band = serializers.CharField(
        source="label", help_text='"0 to 30 days", ..., "Over 90 days".'
    )
    cars = AgedCarSerializer(many=True)


def _standards(card: scorecard.Scorecard) -> list[dict[str, Any]]:
    return [
        {
            "standard": row.standard,
            "met": row.met,
            "surveilled": row.surveilled,
            "months": [
                {"month": m, "cell": c, "record_ids": [r.pk for r in c.records]}
                for m, c in row.by_month.items()
            ],
        }
        for row in card.rows
    ]


class ScorecardView(ConditionalGetMixin, APIView):
    @extend_schema(
        summary="The QASP scorecard",
        description="Every standard of the approved QASP by month of the agreed surveillance "
        "period up to today: Acceptable, Not acceptable, Not yet recorded or Overdue (a "
        "quarter's months share its verdict; a per-event standard's month counts its events), "
        "with the periods or events met of those surveilled.",
        parameters=[PROGRAM_CODE],
        tags=TAGS,
        responses={200: ScorecardSerializer, **error_responses(404)},
    )
    def get(self, request: Request, code: str) -> Response:
        card = scorecard.scorecard(visible_program(request, code))
        data = {
            "version_number": card.version_number,
            "period_start": card.agreed[0] if card.agreed else None,
            "period_end": card.agreed[1] if card.agreed else None,
            "standards": _standards(card),
        }
        return Response(ScorecardSerializer(data).data)


class TrendView(ConditionalGetMixin, APIView):
    @extend_schema(
        summary="A standard's trend against its AQL",
        description="The observed value of each period (each event of a per-event standard) "
        "against the AQL it was judged by.",
        parameters=[PROGRAM_CODE],
        tags=TAGS,
        responses={200: TrendSerializer, **error_responses(404)},
    )
    def get(self, request: Request, code: str, standard: str) -> Response:
        program = visible_program(request, code)
        found = scorecard.standard_named(program, standard)
        if found is None:
            raise Http404
        return Response(TrendSerializer(scorecard.trend(program, *found)).data)


class CarsByAgeView(ConditionalGetMixin, APIView):
    @extend_schema(
        summary="Open corrective action requests by age",
        description="The requests not closed or withdrawn, oldest first, in the buckets of "
        "their age since issue: 0 to 30, 31 to 60, 61 to 90 and over 90 days.",
        parameters=[PROGRAM_CODE],
        tags=TAGS,
        responses={200: AgeBucketSerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request, code: str) -> Response:
        program = visible_program(request, code)
        cars = policy.restrict(car_ageing.open_cars_query(program), request.user, "view")
        buckets = car_ageing.open_cars_by_age(program, cars)
        return Response(AgeBucketSerializer(buckets, many=True).data)
