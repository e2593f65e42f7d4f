"""The RACI matrix API under /api/programs/{code}/raci/: the matrix (variant, overload
limit), its rows and columns, its cells (a batch update is all or nothing, each problem
located by its index) and its rule results. Reads: any member; structure: editors of either
party; codes: editors of a party that owns the row."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pmo_portal.api import error_responses
from programs.api.base import PROGRAM_CODE, visible_program
from programs.choices import JOINT_OWNER_CHOICES
from programs.conditional import ConditionalGetMixin
from programs.errors import DomainError, ErrorCode
from programs.limits import MAX_TITLE_LENGTH
from programs.uploads import check_size

from .. import excel
from ..models import RaciCell, RaciColumn, RaciGroup, RaciMatrix, RaciRow, RowKind, Variant
from ..selectors import matrix_data, matrix_of
from ..services import cells as cell_services
from ..services import matrix as services

TAG = "RACI matrix"


class MatrixSerializer(serializers.ModelSerializer[RaciMatrix]):
    class Meta:
        model = RaciMatrix
        fields = ["variant", "overload_limit", "updated_at"]
        read_only_fields = ["updated_at"]


class MatrixUpdateSerializer(serializers.Serializer[Any]):
    variant = serializers.ChoiceField(choices=Variant.choices, required=False)
    overload_limit = serializers.IntegerField(min_value=1, max_value=500, required=False)


class RowSerializer(serializers.ModelSerializer[RaciRow]):
    group = serializers.CharField(
        source="group.title", max_length=MAX_TITLE_LENGTH, help_text="The group's heading."
    )

    class Meta:
        model = RaciRow
        fields = ["id", "group", "title", "kind", "owning_party", "position", "activity_key"]


class RowWriteSerializer(serializers.Serializer[Any]):
    group = serializers.CharField(max_length=MAX_TITLE_LENGTH, required=False)
    title = serializers.CharField(max_length=MAX_TITLE_LENGTH, required=False)
    kind = serializers.ChoiceField(choices=RowKind.choices, required=False)
    owning_party = serializers.ChoiceField(choices=JOINT_OWNER_CHOICES, required=False)
    position = serializers.IntegerField(min_value=0, required=False)
    activity_key = serializers.CharField(max_length=40, required=False, allow_blank=True)


class ColumnSerializer(serializers.ModelSerializer[RaciColumn]):
    key = serializers.CharField(read_only=True)

    class Meta:
        model = RaciColumn
        fields = ["id", "key", "label", "party", "role", "membership", "position"]


class ColumnWriteSerializer(serializers.Serializer[Any]):
    label = serializers.CharField(max_length=MAX_TITLE_LENGTH, required=False, allow_blank=True)  # type: ignore[assignment]
    party = serializers.CharField(required=False, allow_blank=True)
    role = serializers.CharField(required=False, allow_blank=True)
    membership = serializers.IntegerField(required=False, allow_null=True)
    position = serializers.IntegerField(min_value=0, required=False)


class CellSerializer(serializers.Serializer[Any]):
    row = serializers.IntegerField()
    column = serializers.IntegerField()
    code = serializers.CharField(allow_null=True, max_length=10)
    revision = serializers.IntegerField(min_value=0, required=False)


class BatchSerializer(serializers.Serializer[Any]):
    cells = CellSerializer(many=True)


class ViolationSerializer(serializers.Serializer[Any]):
    severity = serializers.CharField()
    rule = serializers.CharField()
    message = serializers.CharField()
    row = serializers.IntegerField(allow_null=True)
    column = serializers.IntegerField(allow_null=True)


class RulesSerializer(serializers.Serializer[Any]):
    errors = ViolationSerializer(many=True)  # type: ignore[assignment]
    warnings = ViolationSerializer(many=True)


def _user(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


class MatrixScoped(ConditionalGetMixin, APIView):
    """The matrix of the program in the URL (404 for outsiders; created on an editor's first
    write, absent for a reader until then)."""

    def matrix(self, request: Request, code: str, *, create: bool = False) -> RaciMatrix:
        program = visible_program(request, code)
        matrix = matrix_of(program)
        if matrix is None:
            if not create or not services.may_change_structure(request.user, program):
                raise Http404
            matrix = services.matrix_get_or_create(program=program, acting_user=_user(request))
        matrix.program = program
        return matrix

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, PermissionDenied):
            exc = Http404()
        return super().handle_exception(exc)


@extend_schema(tags=[TAG], parameters=[PROGRAM_CODE])
class MatrixView(MatrixScoped):
    @extend_schema(
        summary="The RACI matrix", responses={200: MatrixSerializer, **error_responses(404)}
    )
    def get(self, request: Request, code: str) -> Response:
        return Response(MatrixSerializer(self.matrix(request, code, create=True)).data)

    @extend_schema(
        summary="Change the variant or the overload limit",
        description="RASCI back to RACI is refused while S codes exist, naming the cells.",
        request=MatrixUpdateSerializer,
        responses={200: MatrixSerializer, **error_responses(400, 404)},
    )
    def patch(self, request: Request, code: str) -> Response:
        matrix = self.matrix(request, code, create=True)
        body = MatrixUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.matrix_update(acting_user=_user(request), matrix=matrix, **body.validated_data)
        return Response(MatrixSerializer(matrix).data)


def _group(matrix: RaciMatrix, title: str) -> RaciGroup:
    group = RaciGroup.objects.filter(matrix=matrix, title=title.strip()).first()
    if group is None:
        raise DomainError(f"The matrix has no group “{title}”.", field="group")
    return group


@extend_schema(tags=[TAG], parameters=[PROGRAM_CODE])
class RowsView(MatrixScoped):
    @extend_schema(
        summary="The rows, in order",
        responses={200: RowSerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request, code: str) -> Response:
        data = matrix_data(self.matrix(request, code))
        groups = {g.pk: g for g in data.groups}
        for row in data.rows:
            row.group = groups[row.group_id]
        return Response(RowSerializer(data.rows, many=True).data)

    @extend_schema(
        summary="Add a row",
        request=RowWriteSerializer,
        responses={201: RowSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, code: str) -> Response:
        matrix = self.matrix(request, code, create=True)
        body = RowWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        if "title" not in values or "group" not in values:
            raise DomainError("A row needs a title and a group.", field="title")
        values["group"] = _group(matrix, values["group"])
        row = services.row_create(acting_user=_user(request), matrix=matrix, **values)
        return Response(RowSerializer(row).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=[TAG], parameters=[PROGRAM_CODE])
class RowView(MatrixScoped):
    def row(self, request: Request, code: str, pk: int) -> RaciRow:
        matrix = self.matrix(request, code)
        row = RaciRow.objects.select_related("group").filter(matrix=matrix, pk=pk).first()
        if row is None:
            raise Http404
        row.matrix = matrix
        return row

    @extend_schema(summary="A row", responses={200: RowSerializer, **error_responses(404)})
    def get(self, request: Request, code: str, pk: int) -> Response:
        return Response(RowSerializer(self.row(request, code, pk)).data)

    @extend_schema(
        summary="Change a row (title, group, kind, owning party, position)",
        request=RowWriteSerializer,
        responses={200: RowSerializer, **error_responses(400, 404)},
    )
    def patch(self, request: Request, code: str, pk: int) -> Response:
        row = self.row(request, code, pk)
        body = RowWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        if "group" in values:
            values["group"] = _group(row.matrix, values["group"])
        services.row_update(acting_user=_user(request), row=row, **values)
        return Response(RowSerializer(row).data)

    @extend_schema(
        summary="Remove a row and its codes", responses={204: None, **error_responses(404)}
    )
    def delete(self, request: Request, code: str, pk: int) -> Response:
        services.row_delete(acting_user=_user(request), row=self.row(request, code, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=[TAG], parameters=[PROGRAM_CODE])
class ColumnsView(MatrixScoped):
    @extend_schema(
        summary="The columns, in order",
        responses={200: ColumnSerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request, code: str) -> Response:
        matrix = self.matrix(request, code)
        return Response(ColumnSerializer(RaciColumn.objects.filter(matrix=matrix), many=True).data)

    @extend_schema(
        summary="Add a column: a role of a party, or a named member",
        request=ColumnWriteSerializer,
        responses={201: ColumnSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, code: str) -> Response:
        matrix = self.matrix(request, code, create=True)
        body = ColumnWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        membership_id = values.pop("membership", None)
        if membership_id is not None:
            membership = matrix.program.memberships.filter(pk=membership_id).first()
            if membership is None:
                raise DomainError("No member of this program has that id.", field="membership")
            values["membership"] = membership
        column = services.column_create(acting_user=_user(request), matrix=matrix, **values)
        return Response(ColumnSerializer(column).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=[TAG], parameters=[PROGRAM_CODE])
class ColumnView(MatrixScoped):
    def column(self, request: Request, code: str, pk: int) -> RaciColumn:
        matrix = self.matrix(request, code)
        column = RaciColumn.objects.filter(matrix=matrix, pk=pk).first()
        if column is None:
            raise Http404
        column.matrix = matrix
        return column

    @extend_schema(summary="A column", responses={200: ColumnSerializer, **error_responses(404)})
    def get(self, request: Request, code: str, pk: int) -> Response:
        return Response(ColumnSerializer(self.column(request, code, pk)).data)

    @extend_schema(
        summary="Rename or move a column",
        request=ColumnWriteSerializer,
        responses={200: ColumnSerializer, **error_responses(400, 404)},
    )
    def patch(self, request: Request, code: str, pk: int) -> Response:
        column = self.column(request, code, pk)
        body = ColumnWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        values = {k: v for k, v in body.validated_data.items() if k in ("label", "position")}
        services.column_update(acting_user=_user(request), column=column, **values)
        return Response(ColumnSerializer(column).data)

    @extend_schema(
        summary="Remove a column and its codes", responses={204: None, **error_responses(404)}
    )
    def delete(self, request: Request, code: str, pk: int) -> Response:
        services.column_delete(acting_user=_user(request), column=self.column(request, code, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


def _cells(matrix: RaciMatrix) -> list[dict[str, Any]]:
    return [
        {"row": r, "column": c, "code": code, "revision": rev}
        for r, c, code, rev in RaciCell.objects.filter(row__matrix=matrix)
        .order_by("row_id", "column_id")
        .values_list("row_id", "column_id", "code", "revision")
    ]


@extend_schema(tags=[TAG], parameters=[PROGRAM_CODE])
class CellsView(MatrixScoped):
    @extend_schema(
        summary="Every code of the matrix (empty cells are absent)",
        responses={200: CellSerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request, code: str) -> Response:
        return Response(_cells(self.matrix(request, code)))

    @extend_schema(
        summary="Set or clear codes, all or nothing",
        description="Each cell carries the revision it was read at (0 for an empty cell); "
        "`code` null clears it. Refused whole, each problem located by its index "
        "(`cells[2]`): a code outside the variant, a row or column not of this matrix, a "
        "second A in a row, a row whose codes the user's party may not set (403), a stale "
        "revision (409).",
        request=BatchSerializer,
        responses={200: CellSerializer(many=True), **error_responses(400, 404, 409)},
    )
    def post(self, request: Request, code: str) -> Response:
        matrix = self.matrix(request, code)
        body = BatchSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        items = body.validated_data["cells"]
        rows = RaciRow.objects.filter(matrix=matrix).in_bulk([i["row"] for i in items])
        columns = RaciColumn.objects.filter(matrix=matrix).in_bulk([i["column"] for i in items])
        edits, problems = [], []
        for index, item in enumerate(items):
            place = f"cells[{index}]"
            row, column = rows.get(item["row"]), columns.get(item["column"])
            if row is None or column is None:
                what = "row" if row is None else "column"
                problems.append(
                    cell_services.Problem(place, f"No {what} {item[what]} in this matrix.")
                )
                continue
            row.matrix = matrix
            edits.append(
                cell_services.CellEdit(
                    row=row,
                    column=column,
                    code=item["code"],
                    revision=item.get("revision", 0),
                    place=place,
                )
            )
        if problems:
            _planned, more = cell_services.plan(
                acting_user=_user(request), matrix=matrix, edits=edits, check_revisions=True
            )
            raise cell_services.refusal([*problems, *more], what="The batch")
        cell_services.cells_set(
            acting_user=_user(request),
            matrix=matrix,
            edits=edits,
            source="api",
            what="The batch",
        )
        return Response(_cells(matrix))


@extend_schema(tags=[TAG], parameters=[PROGRAM_CODE])
class RulesView(MatrixScoped):
    @extend_schema(
        summary="The rule results: errors (block the Resource Management Plan) and warnings",
        responses={200: RulesSerializer, **error_responses(404)},
    )
    def get(self, request: Request, code: str) -> Response:
        from ..selectors import check_data

        results = check_data(matrix_data(self.matrix(request, code)))

        def listed(items: list[Any]) -> list[dict[str, Any]]:
            return [
                {
                    "severity": v.severity,
                    "rule": v.rule,
                    "message": v.message,
                    "row": v.row,
                    "column": v.column,
                }
                for v in items
            ]

        return Response({"errors": listed(results.errors), "warnings": listed(results.warnings)})


class RaciImportSerializer(serializers.Serializer[Any]):
    file = serializers.FileField()


class RaciImportResultSerializer(serializers.Serializer[Any]):
    changed = serializers.IntegerField()
    unchanged = serializers.IntegerField()


@extend_schema(tags=[TAG], parameters=[PROGRAM_CODE])
class ImportView(MatrixScoped):
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Import the RACI sheet of an exported workbook, all or nothing",
        request={"multipart/form-data": RaciImportSerializer},
        responses={
            200: RaciImportResultSerializer,
            **error_responses(400, 404, codes=[ErrorCode.IMPORT_INVALID]),
        },
    )
    def post(self, request: Request, code: str) -> Response:
        matrix = self.matrix(request, code)
        upload = request.FILES.get("file")
        if upload is None:
            raise DomainError("Send the workbook as `file`.", field="file")
        check_size(kind="raci", size=upload.size or 0)
        result = excel.import_xlsx(acting_user=_user(request), matrix=matrix, data=upload.read())
        return Response({"changed": result.changed, "unchanged": result.unchanged})
