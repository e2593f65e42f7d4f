"""The lessons API under /api/programs/{code}/lessons/: the register with the page's
filters, recording and editing, validation, applying, comments, history, the eight Play 3.1
lessons with the self-assessments, the lessons-learned report; and the search across every
program of the person at /api/lessons/search/. Reads start from ``policy.restrict``; writes
call ``lessons.services``, whose refusals answer 403 (the rule) or 400."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from pmo_portal.api import error_responses
from programs import policy
from programs.api.base import (
    IF_MATCH,
    PROGRAM_CODE,
    RECORD_ETAG,
    JSONErrorsNegotiation,
    ProgramScopedViewSet,
    RevisionedAPIMixin,
)
from programs.api.idempotency import IDEMPOTENCY_KEY, create_once
from programs.errors import ErrorCode
from programs.models import person_name
from programs.registers.exports import dated_download

from .. import exports, selectors, services
from ..filters import LessonFilter
from ..models import Lesson
from ..play import NUMBERS, play_lessons
from ..rules import may_record
from .serializers import (
    ApplySerializer,
    AssessmentSerializer,
    AssessmentWriteSerializer,
    CommentSerializer,
    LessonHistorySerializer,
    LessonSerializer,
    LessonWriteSerializer,
    PlayLessonSerializer,
    ReportQuerySerializer,
    SearchQuerySerializer,
    play_data,
)

TAG = "lessons learned"
CODES = [ErrorCode.TRANSITION_NOT_ALLOWED, ErrorCode.ALREADY_ACCEPTED]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LESSON_NUMBER = OpenApiParameter(
    "lesson", int, OpenApiParameter.PATH, description="The Play 3.1 lesson, 1 to 8."
)


def _user(request: Request) -> User:
    return cast(User, request.user)


@extend_schema(parameters=[PROGRAM_CODE], tags=[TAG])
@extend_schema_view(
    list=extend_schema(
        summary="The program's lessons, newest first, filtered as on the register page",
        description="`q` takes a reference (LL-3) or words: ranked full-text search on "
        "PostgreSQL, every word in some field elsewhere.",
        responses={200: LessonSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="A lesson, by its number (3 for LL-003)",
        parameters=[RECORD_ETAG],
        responses={200: LessonSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Record a lesson",
        description="Program Managers, PMO Leads and PMO Team of the customer and the "
        "provider. Numbered per program; proposed until both parties validate it.",
        parameters=[IDEMPOTENCY_KEY],
        request=LessonWriteSerializer,
        responses={201: LessonSerializer, **error_responses(400, 404)},
    ),
    update=extend_schema(
        summary="Edit a lesson",
        description="The whole lesson. A new wording of a validated lesson returns it to "
        "proposed; an applied lesson's wording does not change. Send the lesson's `ETag` in "
        "`If-Match`: an edit made from an older revision (someone edited or validated it "
        "since) is refused (412).",
        parameters=[IF_MATCH, RECORD_ETAG],
        request=LessonWriteSerializer,
        responses={200: LessonSerializer, **error_responses(400, 404, 412, 428, codes=CODES)},
    ),
)
class LessonViewSet(
    RevisionedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ProgramScopedViewSet[Lesson],
):
    queryset = Lesson.objects.all()
    serializer_class = LessonSerializer
    filterset_class = LessonFilter
    lookup_field = "number"
    lookup_value_regex = "[0-9]+"
    conditional_actions = ("list", "play")
    http_method_names = ["get", "post", "put", "head", "options"]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Lesson.objects.none()
        # Every action reads what the user may view; the services decide who may act.
        rows = selectors.register_rows(self.program).prefetch_related("validations")
        return policy.restrict(rows, self.request.user, "view")

    def _answer(self, lesson: Lesson, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=lesson.pk)
        return self.record_answer(LessonSerializer(fresh).data, fresh, code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._answer(self.get_object())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not may_record(request.user, self.program):
            raise Http404
        payload = LessonWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)

        def create() -> Response:
            lesson = services.lesson_create(
                acting_user=_user(request), program=self.program, **payload.validated_data
            )
            return self._answer(lesson, status.HTTP_201_CREATED)

        return create_once(request, scope="lesson:create", create=create)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        lesson = self.get_object()
        revision = self.if_match(lesson)
        payload = LessonWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.lesson_update(
            acting_user=_user(request),
            lesson=lesson,
            revision=revision,
            **payload.validated_data,
        )
        return self._answer(lesson)

    @extend_schema(
        summary="Validate the lesson's current wording",
        description="A Program Manager or PMO Lead of the customer or the provider, once per "
        "wording; with one of each party the lesson is validated by both parties.",
        request=None,
        responses={200: LessonSerializer, **error_responses(400, 404, codes=CODES)},
    )
    @action(detail=True, methods=["post"])
    def validate(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        lesson = self.get_object()
        services.lesson_validate(acting_user=_user(request), lesson=lesson)
        return self._answer(lesson)

    @extend_schema(
        summary="Mark a validated lesson applied, saying where",
        request=ApplySerializer,
        responses={200: LessonSerializer, **error_responses(400, 404, codes=CODES)},
    )
    @action(detail=True, methods=["post"])
    def apply(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        lesson = self.get_object()
        payload = ApplySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.lesson_apply(acting_user=_user(request), lesson=lesson, **payload.validated_data)
        return self._answer(lesson)

    @extend_schema(
        methods=["GET"],
        summary="The lesson's comments, oldest first",
        responses={200: CommentSerializer(many=True), **error_responses(404)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Comment on a lesson",
        description="Members of the customer and the provider (viewers read) and the IV&V agent.",
        request=CommentSerializer,
        responses={201: CommentSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def comments(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        lesson = self.get_object()
        if request.method == "GET":
            return Response(CommentSerializer(lesson.comments.all(), many=True).data)
        payload = CommentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        comment = services.lesson_comment_add(
            acting_user=_user(request), lesson=lesson, text=payload.validated_data["text"]
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="A lesson's history: every step, who, as which party, when and why",
        responses={200: LessonHistorySerializer(many=True), **error_responses(404)},
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def history(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        lesson = self.get_object()
        return Response(LessonHistorySerializer(lesson.history.all(), many=True).data)

    @extend_schema(
        summary="The eight Play 3.1 lessons: what the portal shows, both self-assessments",
        responses={200: PlayLessonSerializer(many=True), **error_responses(404)},
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def play(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        lessons = play_lessons(program=self.program, user=request.user)
        return Response(PlayLessonSerializer([play_data(e) for e in lessons], many=True).data)

    @extend_schema(
        summary="Your party's self-assessment of one Play 3.1 lesson",
        description="Program Managers, PMO Leads and PMO Team of the customer or the "
        "provider, for their own party.",
        parameters=[LESSON_NUMBER],
        request=AssessmentWriteSerializer,
        responses={200: AssessmentSerializer, **error_responses(400, 404)},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path=r"play/(?P<lesson>[0-9]+)/assessment",
        filterset_class=None,
        pagination_class=None,
    )
    def assess(self, request: Request, lesson: str, *args: Any, **kwargs: Any) -> Response:
        if int(lesson) not in NUMBERS:
            raise Http404
        payload = AssessmentWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        row = services.assessment_set(
            acting_user=_user(request),
            program=self.program,
            lesson=int(lesson),
            **payload.validated_data,
        )
        return Response(AssessmentSerializer(row).data)

    @extend_schema(
        summary="The lessons-learned report, as PDF or Excel",
        parameters=[ReportQuerySerializer],
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY),
            **error_responses(400, 404),
        },
    )
    @action(
        detail=False,
        methods=["get"],
        filterset_class=None,
        pagination_class=None,
        content_negotiation_class=JSONErrorsNegotiation,
    )
    def report(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        query = ReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        queryset = self.get_queryset()
        rows = list(queryset.order_by("number"))
        play = play_lessons(program=self.program, user=request.user)
        if query.validated_data["format"] == "xlsx":
            body = exports.report_xlsx(self.program, rows, play)
            return dated_download(body, XLSX, self.program, "lessons-learned-report", "xlsx")
        body = exports.report_pdf(
            self.program,
            rows,
            play,
            counts=selectors.status_counts(queryset),
            generated_by=person_name(request.user),
        )
        return dated_download(
            body, "application/pdf", self.program, "lessons-learned-report", "pdf"
        )


@extend_schema(
    tags=[TAG],
    summary="Search the lessons of every program you are a member of",
    parameters=[SearchQuerySerializer],
    responses={200: LessonSerializer(many=True), **error_responses(400)},
)
class LessonSearchView(ListAPIView[Lesson]):
    serializer_class = LessonSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Lesson.objects.none()
        query = SearchQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.search_lessons(
            user=self.request.user, text=query.validated_data["q"]
        ).prefetch_related("validations")
