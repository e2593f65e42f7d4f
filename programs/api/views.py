"""The programs API: programs, members, the Play 3.1 board, provider onboarding, the shared
glossary and the audit trail. Reads start from ``policy.restrict``; writes call the services."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from django.db.models import Count, Prefetch, Q, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pmo_portal.api import error_responses
from programs import policy
from programs.choices import ActivityStatus
from programs.errors import ErrorCode
from programs.filters import AuditEventFilter, MembershipFilter
from programs.models import (
    AuditEvent,
    GlossaryTerm,
    Membership,
    OnboardingItem,
    PlayActivity,
    Program,
)
from programs.services import board as board_services
from programs.services import glossary as glossary_services
from programs.services import memberships as membership_services
from programs.services import onboarding as onboarding_services

from ..conditional import ConditionalGetMixin
from . import serializers as s
from .base import IF_MATCH, PROGRAM_CODE, RECORD_ETAG, ProgramScopedViewSet, RevisionedAPIMixin
from .idempotency import IDEMPOTENCY_KEY, create_once


def _user(request: Request) -> User:
    # Every view requires a login (DEFAULT_PERMISSION_CLASSES), so the user is a real one.
    return cast(User, request.user)


# -- programs -------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Programs you may view",
        responses={200: s.ProgramSerializer(many=True), **error_responses()},
    ),
    retrieve=extend_schema(
        summary="A program",
        parameters=[PROGRAM_CODE],
        responses={200: s.ProgramSerializer, **error_responses(404)},
    ),
)
class ProgramViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet[Program]):
    serializer_class = s.ProgramSerializer
    lookup_field = "code"
    # One program is answered conditionally; the list spans programs, so it is built anew.
    conditional_actions = ("retrieve",)

    def get_queryset(self) -> QuerySet[Program]:
        if getattr(self, "swagger_fake_view", False):
            return Program.objects.none()
        board = {
            f"board_{state}": Count("activities", filter=Q(activities__status=state))
            for state in ActivityStatus.values
        }
        queryset = (
            Program.objects.select_related("customer", "provider")
            .annotate(board_total=Count("activities"), **board)
            # Aggregation drops Meta.ordering, and pages need a stable order.
            .order_by("name", "pk")
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.filter(user=_user(self.request)),
                    to_attr="own_memberships",
                )
            )
        )
        return policy.restrict(queryset, self.request.user, "view")


# -- members --------------------------------------------------------------------------

MEMBER_CODES = (
    ErrorCode.MEMBER_EXISTS,
    ErrorCode.ROLE_NOT_FOR_PARTY,
    ErrorCode.LAST_MANAGER,
    ErrorCode.OWN_MEMBERSHIP,
    ErrorCode.AUTHORITY_REQUIRED,
    ErrorCode.ROLE_ABOVE_OWN,
    ErrorCode.SIGNATORY_ROLE,
)


@extend_schema(parameters=[PROGRAM_CODE], tags=["members"])
@extend_schema_view(
    list=extend_schema(
        summary="Members of the program",
        responses={200: s.MembershipSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="A member",
        parameters=[RECORD_ETAG],
        responses={200: s.MembershipSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Add a member",
        description="Program managers and PMO leads add members of their own party, in roles "
        "up to their own; the customer's also add the independent IV&V agent. The signatory "
        "flag and the Executive Sponsor and Business Owner roles are granted only by the "
        "party's Executive Sponsor or a portal administrator. Anyone else gets 404.",
        parameters=[IDEMPOTENCY_KEY],
        request=s.MembershipCreateSerializer,
        responses={201: s.MembershipSerializer, **error_responses(400, 404, codes=MEMBER_CODES)},
    ),
    partial_update=extend_schema(
        summary="Change a member's role or signatory flag",
        description="Nobody changes their own role or flag. Managers change members ranked "
        "no higher than themselves, to roles no higher than their own; the party's Executive "
        "Sponsor (or a portal administrator) grants and removes signatory authority and the "
        "sponsor and owner roles. Losing the flag voids what the member signed and is not "
        "yet approved. Send the member's `ETag` in `If-Match`: a change made from an older "
        "revision (another manager changed the member meanwhile) is refused (412).",
        parameters=[IF_MATCH, RECORD_ETAG],
        request=s.MembershipUpdateSerializer,
        responses={
            200: s.MembershipSerializer,
            **error_responses(400, 404, 412, 428, codes=MEMBER_CODES),
        },
    ),
    destroy=extend_schema(
        summary="Remove a member",
        responses={
            204: None,
            **error_responses(
                400,
                404,
                codes=[
                    ErrorCode.LAST_MANAGER,
                    ErrorCode.AUTHORITY_REQUIRED,
                    ErrorCode.ROLE_ABOVE_OWN,
                ],
            ),
        },
    ),
)
class MembershipViewSet(
    RevisionedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ProgramScopedViewSet[Membership],
):
    queryset = Membership.objects.select_related("user")
    serializer_class = s.MembershipSerializer
    filterset_class = MembershipFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = s.MembershipCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        self.require_can_create(Membership(program=self.program, party=data["party"]))

        def create() -> Response:
            membership = membership_services.membership_create(
                acting_user=_user(request),
                program=self.program,
                user=data["username"],
                party=data["party"],
                role=data["role"],
                is_signatory=data["is_signatory"],
                override_reason=data["override_reason"],
            )
            return Response(self.get_serializer(membership).data, status=status.HTTP_201_CREATED)

        return create_once(request, scope="membership:create", create=create)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        membership = self.get_object()
        return self.record_answer(self.get_serializer(membership).data, membership)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        membership = self.get_object()
        revision = self.if_match(membership)
        payload = s.MembershipUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        membership = membership_services.membership_update(
            acting_user=_user(request),
            membership=membership,
            revision=revision,
            **payload.validated_data,
        )
        return self.record_answer(self.get_serializer(membership).data, membership)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        membership_services.membership_delete(
            acting_user=_user(request), membership=self.get_object()
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


# -- the Play 3.1 board ---------------------------------------------------------------


@extend_schema(parameters=[PROGRAM_CODE], tags=["activities"])
@extend_schema_view(
    list=extend_schema(
        summary="The program's Play 3.1 board",
        responses={200: s.PlayActivitySerializer(many=True), **error_responses(404)},
    ),
    retrieve=extend_schema(
        summary="A Play 3.1 activity",
        responses={200: s.PlayActivitySerializer, **error_responses(404)},
    ),
    partial_update=extend_schema(
        summary="Change an activity's status, due date or assignee",
        description="Editing roles of a party that owns the activity (shared: either party). "
        "Where the activity's status follows its artifact (`status_follows`), another status "
        "is an override and needs a `reason`, as `blocked` does on any activity; "
        "`clear_override` returns to the artifact's status.",
        request=s.PlayActivityUpdateSerializer,
        responses={200: s.PlayActivitySerializer, **error_responses(400, 404)},
    ),
)
class PlayActivityViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ProgramScopedViewSet[PlayActivity],
):
    queryset = PlayActivity.objects.select_related(
        "assignee__user", "evidence_type", "overridden_by"
    )
    serializer_class = s.PlayActivitySerializer
    lookup_field = "key"
    http_method_names = ["get", "patch", "head", "options"]

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        activity = self.get_object()
        payload = s.PlayActivityUpdateSerializer(
            data=request.data, context={"program": self.program}
        )
        payload.is_valid(raise_exception=True)
        activity = board_services.activity_update(
            acting_user=_user(request), activity=activity, **payload.validated_data
        )
        return Response(self.get_serializer(activity).data)


# -- provider onboarding --------------------------------------------------------------


@extend_schema(parameters=[PROGRAM_CODE], tags=["onboarding"])
@extend_schema_view(
    list=extend_schema(
        summary="The provider PMO's onboarding checklist",
        responses={200: s.OnboardingItemSerializer(many=True), **error_responses(404)},
    ),
    retrieve=extend_schema(
        summary="An onboarding item",
        parameters=[RECORD_ETAG],
        responses={200: s.OnboardingItemSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Add an onboarding item",
        description="The checklist is the provider's: its editing roles change it.",
        parameters=[IDEMPOTENCY_KEY],
        request=s.OnboardingItemWriteSerializer,
        responses={201: s.OnboardingItemSerializer, **error_responses(400, 404)},
    ),
    partial_update=extend_schema(
        summary="Change an onboarding item",
        description="Send the item's `ETag` in `If-Match`: a change made from an older "
        "revision is refused (412).",
        parameters=[IF_MATCH, RECORD_ETAG],
        request=s.OnboardingItemWriteSerializer,
        responses={200: s.OnboardingItemSerializer, **error_responses(400, 404, 412, 428)},
    ),
    destroy=extend_schema(
        summary="Remove an onboarding item",
        responses={204: None, **error_responses(404)},
    ),
)
class OnboardingItemViewSet(
    RevisionedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ProgramScopedViewSet[OnboardingItem],
):
    queryset = OnboardingItem.objects.select_related("owner__user")
    serializer_class = s.OnboardingItemSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def _payload(self, request: Request, *, partial: bool) -> dict[str, Any]:
        payload = s.OnboardingItemWriteSerializer(
            data=request.data, partial=partial, context={"program": self.program}
        )
        payload.is_valid(raise_exception=True)
        return dict(payload.validated_data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_can_create(OnboardingItem(program=self.program))
        data = self._payload(request, partial=False)
        data.pop("position", None)  # a new item goes to the end of the checklist

        def create() -> Response:
            item = onboarding_services.onboarding_item_create(
                acting_user=_user(request), program=self.program, **data
            )
            return Response(self.get_serializer(item).data, status=status.HTTP_201_CREATED)

        return create_once(request, scope="onboarding_item:create", create=create)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        return self.record_answer(self.get_serializer(item).data, item)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        revision = self.if_match(item)
        item = onboarding_services.onboarding_item_update(
            acting_user=_user(request),
            item=item,
            revision=revision,
            **self._payload(request, partial=True),
        )
        return self.record_answer(self.get_serializer(item).data, item)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        onboarding_services.onboarding_item_delete(
            acting_user=_user(request), item=self.get_object()
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


# -- the shared glossary --------------------------------------------------------------


@extend_schema(parameters=[PROGRAM_CODE], tags=["glossary"])
@extend_schema_view(
    list=extend_schema(
        summary="The program's shared glossary",
        responses={200: s.GlossaryTermSerializer(many=True), **error_responses(404)},
    ),
    retrieve=extend_schema(
        summary="A glossary term",
        parameters=[RECORD_ETAG],
        responses={200: s.GlossaryTermSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Add a term",
        parameters=[IDEMPOTENCY_KEY],
        request=s.GlossaryTermWriteSerializer,
        responses={
            201: s.GlossaryTermSerializer,
            **error_responses(400, 404, codes=[ErrorCode.DUPLICATE_TERM]),
        },
    ),
    partial_update=extend_schema(
        summary="Reword a term",
        description="A new wording is a new revision, which both parties accept again. Send "
        "the term's `ETag` in `If-Match`: a rewording made from an older revision is refused "
        "(412).",
        parameters=[IF_MATCH, RECORD_ETAG],
        request=s.GlossaryTermWriteSerializer,
        responses={
            200: s.GlossaryTermSerializer,
            **error_responses(400, 404, 412, 428, codes=[ErrorCode.DUPLICATE_TERM]),
        },
    ),
    destroy=extend_schema(
        summary="Remove a term",
        responses={204: None, **error_responses(404)},
    ),
    accept=extend_schema(
        summary="Accept the term's current wording for your party",
        description="Customer and provider members who edit or sign artifacts accept terms; a "
        "term is agreed once both parties accepted its current revision.",
        request=None,
        responses={
            200: s.GlossaryTermSerializer,
            **error_responses(
                400, 404, codes=[ErrorCode.NOT_A_REVIEWER, ErrorCode.ALREADY_ACCEPTED]
            ),
        },
    ),
)
class GlossaryTermViewSet(
    RevisionedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ProgramScopedViewSet[GlossaryTerm],
):
    queryset = GlossaryTerm.objects.prefetch_related("acceptances__user")
    serializer_class = s.GlossaryTermSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def _reloaded(self, term: GlossaryTerm) -> dict[str, Any]:
        fresh = GlossaryTerm.objects.prefetch_related("acceptances__user").get(pk=term.pk)
        return cast(dict[str, Any], self.get_serializer(fresh).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_can_create(GlossaryTerm(program=self.program))
        payload = s.GlossaryTermWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)

        def create() -> Response:
            term = glossary_services.glossary_term_create(
                acting_user=_user(request), program=self.program, **payload.validated_data
            )
            return Response(self._reloaded(term), status=status.HTTP_201_CREATED)

        return create_once(request, scope="glossary_term:create", create=create)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        term = self.get_object()
        return self.record_answer(self._reloaded(term), term)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        term = self.get_object()
        revision = self.if_match(term)
        payload = s.GlossaryTermWriteSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        term = glossary_services.glossary_term_update(
            acting_user=_user(request),
            term=term,
            new_term=data.get("term"),
            definition=data.get("definition"),
            revision=revision,
        )
        return self.record_answer(self._reloaded(term), term)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        glossary_services.glossary_term_delete(acting_user=_user(request), term=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"])
    def accept(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        term = self.get_object()
        glossary_services.glossary_term_accept(acting_user=_user(request), term=term)
        return Response(self._reloaded(term))


# -- the audit trail ------------------------------------------------------------------


@extend_schema(parameters=[PROGRAM_CODE], tags=["audit"])
@extend_schema_view(
    list=extend_schema(
        summary="The program's audit trail",
        description="Who did what to which object, newest first.",
        responses={200: s.AuditEventSerializer(many=True), **error_responses(400, 404)},
    ),
)
class AuditEventViewSet(mixins.ListModelMixin, ProgramScopedViewSet[AuditEvent]):
    queryset = AuditEvent.objects.select_related("actor", "target_type")
    serializer_class = s.AuditEventSerializer
    filterset_class = AuditEventFilter
