"""Pages of the RACI matrix: the grid (whole, by party), what one role or person does, the
structure forms, a cell's own page (the grid without JavaScript), undo, Excel out and in."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from programs.choices import Party
from programs.errors import DomainError
from programs.models import Membership, Program
from programs.uploads import UploadTooLarge, limit_uploads
from programs.views.layout import acting_user, get_program, program_context

from .. import excel
from ..forms.matrix import (
    CellForm,
    ColumnForm,
    ColumnLabelForm,
    GroupForm,
    ImportForm,
    MatrixForm,
    RowForm,
)
from ..grid import build_grid
from ..models import RaciCode, RaciColumn, RaciGroup, RaciMatrix, RaciRow
from ..rules import CODE_WORDS, VARIANT_CODES
from ..selectors.matrix import MatrixData, matrix_data, matrix_of
from ..services import cells as cell_services
from ..services import matrix as services

View = Callable[..., HttpResponse]


def matrix_view(*methods: str) -> Callable[[View], View]:
    """Log in, find the program (404 otherwise) and its matrix (created seeded on an editor's
    first visit; a reader sees the invitation until then)."""

    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, code: str, **kwargs: Any) -> HttpResponse:
            program = get_program(request, code)
            if request.method not in (*methods, "HEAD" if "GET" in methods else ""):
                return HttpResponseNotAllowed(methods)
            matrix = matrix_of(program)
            if matrix is None:
                if not services.may_change_structure(request.user, program):
                    context = _context(request, program)
                    return render(request, "raci/matrix/missing.html", context)
                matrix = services.matrix_get_or_create(
                    program=program, acting_user=acting_user(request)
                )
            matrix.program = program
            try:
                return view(request, matrix, **kwargs)
            except PermissionDenied as exc:
                raise Http404("Not found.") from exc

        return wrapper

    return decorate


def _context(request: HttpRequest, program: Program, *crumbs: tuple[str, str]) -> dict[str, Any]:
    home = reverse("raci:home", kwargs={"code": program.code})
    matrix_url = reverse("raci:matrix", kwargs={"code": program.code})
    return program_context(
        request,
        program,
        "responsibilities",
        ("Responsibilities", home),
        ("RACI matrix", matrix_url if crumbs else ""),
        *crumbs,
    )


def _matrix_url(matrix: RaciMatrix, anchor: str = "") -> str:
    url = reverse("raci:matrix", kwargs={"code": matrix.program.code})
    return f"{url}#{anchor}" if anchor else url


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _grid_context(request: HttpRequest, matrix: RaciMatrix, data: MatrixData) -> dict[str, Any]:
    grid = build_grid(data, request.user, matrix.program.code)
    row_title = {r.pk: r.title for r in data.rows}
    column_label = {c.pk: c.label for c in data.columns}
    findings = [
        {
            "violation": v,
            "anchor": f"cell-{v.row}-{v.column}"
            if v.row is not None and v.column is not None
            else f"row-{v.row}"
            if v.row is not None
            else f"col-{v.column}",
            "row": row_title.get(v.row, ""),
            "column": column_label.get(v.column, ""),
        }
        for v in grid.markers.results.all()
    ]
    return {
        "matrix": matrix,
        "grid": grid,
        "results": grid.markers.results,
        "findings": findings,
        "codes": VARIANT_CODES[matrix.variant],
        "code_words": [(c, CODE_WORDS[c]) for c in VARIANT_CODES[matrix.variant]],
        "can_structure": services.may_change_structure(request.user, matrix),
    }


@matrix_view("GET")
def matrix_page(request: HttpRequest, matrix: RaciMatrix) -> HttpResponse:
    """The grid; ``?party=customer`` shows the rows that party owns and its columns."""
    data = matrix_data(matrix)
    party = request.GET.get("party", "")
    if party in (Party.CUSTOMER, Party.PROVIDER, Party.INDEPENDENT):
        data.rows = [r for r in data.rows if r.owning_party == party]
        data.columns = [c for c in data.columns if c.column_party == party]
    else:
        party = ""
    context = _context(request, matrix.program)
    context.update(_grid_context(request, matrix, data))
    context["party"] = party
    context["parties"] = [(p.value, p.label) for p in Party]
    context["rows_by_group"] = [
        (group, [context["grid"].row_html(r, data.columns) for r in rows])
        for group, rows in data.rows_by_group()
        if rows or not party
    ]
    context["column_headers"] = [context["grid"].column_header(c) for c in data.columns]
    context["people"] = Membership.objects.filter(program=matrix.program).select_related("user")
    return render(request, "raci/matrix/grid.html", context)


def _cell_answer(
    request: HttpRequest,
    matrix: RaciMatrix,
    row: RaciRow,
    column: RaciColumn,
    *,
    status: int = 200,
    message: str = "",
) -> HttpResponse:
    data = matrix_data(matrix)
    grid = build_grid(data, request.user, matrix.program.code)
    row = next(r for r in data.rows if r.pk == row.pk)
    column = next(c for c in data.columns if c.pk == column.pk)
    context = _grid_context(request, matrix, data)
    context.update(
        {
            "cell": grid.cell(row, column),
            "row_header": grid.row_header(row, oob=True),
            "column_header": grid.column_header(column, oob=True),
            "message": message,
            "failed": status >= 400,
            "program": matrix.program,
        }
    )
    return render(request, "raci/matrix/_cell_answer.html", context, status=status)


@matrix_view("GET", "POST")
def cell(request: HttpRequest, matrix: RaciMatrix, row_id: int, column_id: int) -> HttpResponse:
    """One cell: htmx saves answer the cell, its headers and the rule list; a plain form
    post goes back to the grid; GET is the cell's own form (the grid without JavaScript)."""
    row = get_object_or_404(RaciRow, pk=row_id, matrix=matrix)
    column = get_object_or_404(RaciColumn, pk=column_id, matrix=matrix)
    current = row.cells.filter(column=column).first()
    context = _context(request, matrix.program, (f"{row.title} / {column.label}", ""))
    context.update(
        {
            "matrix": matrix,
            "row": row,
            "column": column,
            "current": current,
            "choices": [(c, CODE_WORDS[c]) for c in VARIANT_CODES[matrix.variant]],
            "may_set": cell_services.may_set_codes(request.user, row),
        }
    )
    if request.method == "GET":
        return render(request, "raci/matrix/cell.html", context)
    form = CellForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "raci/matrix/cell.html",
            {**context, "error": "Send a code and the revision."},
            status=400,
        )
    code = form.cleaned_data["code"] or None
    try:
        cell_services.cell_set(
            acting_user=acting_user(request),
            matrix=matrix,
            row=row,
            column=column,
            code=code,
            revision=form.cleaned_data["revision"],
        )
    except DomainError as exc:
        if _is_htmx(request):
            return _cell_answer(
                request, matrix, row, column, status=exc.status_code, message=exc.message
            )
        context["error"] = exc.message
        context["current"] = row.cells.filter(column=column).first()
        return render(request, "raci/matrix/cell.html", context, status=exc.status_code)
    if _is_htmx(request):
        said = f"{code} ({CODE_WORDS[code.upper()]})" if code else "empty"
        return _cell_answer(
            request,
            matrix,
            row,
            column,
            message=f"Saved: “{row.title}” / {column.label} is {said}.",
        )
    messages.success(request, f"Saved “{row.title}” / {column.label}.")
    return redirect(_matrix_url(matrix, f"cell-{row.pk}-{column.pk}"))


@matrix_view("POST")
def undo(request: HttpRequest, matrix: RaciMatrix) -> HttpResponse:
    try:
        change = cell_services.cell_undo(acting_user=acting_user(request), matrix=matrix)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(_matrix_url(matrix))
    messages.success(
        request,
        f"Undone: “{change.row.title}” / {change.column.label} is "
        f"{change.before or 'empty'} again.",
    )
    return redirect(_matrix_url(matrix, f"cell-{change.row_id}-{change.column_id}"))


def _by_code(data: MatrixData, columns: list[RaciColumn]) -> list[dict[str, Any]]:
    """For each column: its rows grouped by code (R, A, S, C, I)."""
    keys = {c.pk for c in columns}
    out = []
    for column in columns:
        groups: dict[str, list[RaciRow]] = {code: [] for code in RaciCode.values}
        for row in data.rows:
            entry = data.cells.get((row.pk, column.pk))
            if entry and column.pk in keys:
                groups[entry[0]].append(row)
        out.append(
            {
                "column": column,
                "codes": [(code, CODE_WORDS[code], rows) for code, rows in groups.items() if rows],
            }
        )
    return out


@matrix_view("GET")
def role_page(request: HttpRequest, matrix: RaciMatrix, column_id: int) -> HttpResponse:
    """What one column (a role, a person) does: its rows, grouped by code."""
    data = matrix_data(matrix)
    column = next((c for c in data.columns if c.pk == column_id), None)
    if column is None:
        raise Http404("No such column.")
    context = _context(request, matrix.program, (column.label, ""))
    context.update({"title": f"What the {column.label} does", "sections": _by_code(data, [column])})
    return render(request, "raci/matrix/by_code.html", context)


@matrix_view("GET")
def person_page(request: HttpRequest, matrix: RaciMatrix, membership_id: int) -> HttpResponse:
    """What one member does: the column of their role, and their named column if any."""
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_id, program=matrix.program
    )
    data = matrix_data(matrix)
    columns = [
        c
        for c in data.columns
        if c.membership_id == membership.pk
        or (c.membership_id is None and c.party == membership.party and c.role == membership.role)
    ]
    context = _context(request, matrix.program, (membership.display_name, ""))
    context.update(
        {
            "title": f"What {membership.display_name} does",
            "lead": f"{membership.get_party_display()}, {membership.get_role_display()}: "
            "the columns of their role and their own.",
            "sections": _by_code(data, columns),
        }
    )
    return render(request, "raci/matrix/by_code.html", context)


# -- structure -----------------------------------------------------------------------------


def _structure_context(request: HttpRequest, matrix: RaciMatrix, **forms: Any) -> dict[str, Any]:
    data = matrix_data(matrix)
    context = _context(request, matrix.program, ("Groups, rows and columns", ""))
    context.update(
        {
            "matrix": matrix,
            "data": data,
            "rows_by_group": data.rows_by_group(),
            "matrix_form": forms.get("matrix_form")
            or MatrixForm(
                initial={"variant": matrix.variant, "overload_limit": matrix.overload_limit}
            ),
            "group_form": forms.get("group_form") or GroupForm(),
            "row_form": forms.get("row_form") or RowForm(matrix=matrix),
            "column_form": forms.get("column_form") or ColumnForm(matrix=matrix),
            "error": forms.get("error", ""),
        }
    )
    return context


def _structure_url(matrix: RaciMatrix) -> str:
    return reverse("raci:matrix-structure", kwargs={"code": matrix.program.code})


def _require_structure(request: HttpRequest, matrix: RaciMatrix) -> None:
    if not services.may_change_structure(request.user, matrix):
        raise Http404("No such page.")


@matrix_view("GET", "POST")
def structure(request: HttpRequest, matrix: RaciMatrix) -> HttpResponse:
    """Variant and limit, groups, rows and columns: the forms post here with ``form=``."""
    _require_structure(request, matrix)
    if request.method == "GET":
        return render(request, "raci/matrix/structure.html", _structure_context(request, matrix))
    user = acting_user(request)
    which = request.POST.get("form", "")
    forms_: dict[str, Any] = {}
    try:
        if which == "matrix":
            form: Any = MatrixForm(request.POST)
            forms_["matrix_form"] = form
            if form.is_valid():
                services.matrix_update(acting_user=user, matrix=matrix, **form.cleaned_data)
                messages.success(request, "Saved the variant and the overload limit.")
                return redirect(_structure_url(matrix))
        elif which == "group":
            form = GroupForm(request.POST)
            forms_["group_form"] = form
            if form.is_valid():
                services.group_create(acting_user=user, matrix=matrix, **form.cleaned_data)
                messages.success(request, f"Added the group “{form.cleaned_data['title']}”.")
                return redirect(_structure_url(matrix))
        elif which == "row":
            form = RowForm(request.POST, matrix=matrix)
            forms_["row_form"] = form
            if form.is_valid():
                services.row_create(acting_user=user, matrix=matrix, **form.cleaned_data)
                messages.success(request, f"Added the row “{form.cleaned_data['title']}”.")
                return redirect(_structure_url(matrix))
        elif which == "column":
            form = ColumnForm(request.POST, matrix=matrix)
            forms_["column_form"] = form
            if form.is_valid():
                party, _, role = (form.cleaned_data["role"] or "::").partition(":")
                services.column_create(
                    acting_user=user,
                    matrix=matrix,
                    party=party,
                    role=role,
                    membership=form.cleaned_data["membership"],
                    label=form.cleaned_data["label"],
                )
                messages.success(request, "Added the column.")
                return redirect(_structure_url(matrix))
        else:
            return HttpResponse("Which form?", status=400)
    except DomainError as exc:
        forms_["error"] = exc.message
        context = _structure_context(request, matrix, **forms_)
        return render(request, "raci/matrix/structure.html", context, status=exc.status_code)
    context = _structure_context(request, matrix, **forms_)
    return render(request, "raci/matrix/structure.html", context, status=400)


ITEMS: dict[str, type[RaciGroup] | type[RaciRow] | type[RaciColumn]] = {
    "groups": RaciGroup,
    "rows": RaciRow,
    "columns": RaciColumn,
}


@matrix_view("GET", "POST")
def item_edit(request: HttpRequest, matrix: RaciMatrix, kind: str, pk: int) -> HttpResponse:
    """Edit a group's heading, a row or a column's label."""
    _require_structure(request, matrix)
    model = ITEMS.get(kind)
    if model is None:
        raise Http404("No such page.")
    item: Any = get_object_or_404(model, pk=pk, matrix=matrix)
    form: Any
    if isinstance(item, RaciRow):
        initial = {
            "title": item.title,
            "group": item.group_id,
            "kind": item.kind,
            "owning_party": item.owning_party,
            "activity_key": item.activity_key,
        }
        form = RowForm(request.POST or None, matrix=matrix, initial=initial)
    elif isinstance(item, RaciGroup):
        form = GroupForm(request.POST or None, initial={"title": item.title})
    else:
        form = ColumnLabelForm(request.POST or None, initial={"label": item.label})
    context = _context(request, matrix.program, (f"Edit {item}", ""))
    context.update({"form": form, "item": item, "matrix": matrix})
    if request.method == "POST" and form.is_valid():
        user = acting_user(request)
        try:
            if isinstance(item, RaciRow):
                services.row_update(acting_user=user, row=item, **form.cleaned_data)
            elif isinstance(item, RaciGroup):
                services.group_update(acting_user=user, group=item, **form.cleaned_data)
            else:
                services.column_update(acting_user=user, column=item, **form.cleaned_data)
        except DomainError as exc:
            context["error"] = exc.message
            return render(request, "raci/matrix/item_edit.html", context, status=exc.status_code)
        messages.success(request, f"Saved “{item}”.")
        return redirect(_structure_url(matrix))
    status = 400 if request.method == "POST" else 200
    return render(request, "raci/matrix/item_edit.html", context, status=status)


@matrix_view("POST")
def item_action(
    request: HttpRequest, matrix: RaciMatrix, kind: str, pk: int, action: str
) -> HttpResponse:
    """Move a group, row or column up or down, or remove it."""
    _require_structure(request, matrix)
    model = ITEMS.get(kind)
    if model is None or action not in ("up", "down", "delete"):
        raise Http404("No such page.")
    item: Any = get_object_or_404(model, pk=pk, matrix=matrix)
    user = acting_user(request)
    try:
        if action == "delete":
            {
                RaciGroup: lambda: services.group_delete(acting_user=user, group=item),
                RaciRow: lambda: services.row_delete(acting_user=user, row=item),
                RaciColumn: lambda: services.column_delete(acting_user=user, column=item),
            }[model]()
            messages.success(request, f"Removed “{item}”.")
        elif model is RaciGroup:
            services.group_move(acting_user=user, group=item, direction=action)
        elif model is RaciRow:
            services.row_move(acting_user=user, row=item, direction=action)
        else:
            services.column_move(acting_user=user, column=item, direction=action)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(_structure_url(matrix))


# -- Excel ---------------------------------------------------------------------------------


@matrix_view("GET")
def export(request: HttpRequest, matrix: RaciMatrix) -> HttpResponse:
    content = excel.export_xlsx(matrix)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{matrix.program.code}-raci.xlsx"'
    return response


@csrf_exempt  # the CSRF check reads the body: _import_page checks it once the limit is set
@matrix_view("GET", "POST")
def import_file(request: HttpRequest, matrix: RaciMatrix) -> HttpResponse:
    limit_uploads(request, kind="raci")
    context = _context(request, matrix.program, ("Import a workbook", ""))
    context["matrix"] = matrix
    try:
        return _import_page(request, matrix, context)
    except UploadTooLarge as exc:
        context.update({"form": ImportForm(), "error": exc.message})
        return render(request, "raci/matrix/import.html", context, status=exc.status_code)


@csrf_protect
def _import_page(request: HttpRequest, matrix: RaciMatrix, context: dict[str, Any]) -> HttpResponse:
    if request.method != "POST":
        context["form"] = ImportForm()
        return render(request, "raci/matrix/import.html", context)
    form = ImportForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return render(request, "raci/matrix/import.html", context, status=400)
    try:
        result = excel.import_xlsx(
            acting_user=acting_user(request), matrix=matrix, data=form.cleaned_data["file"].read()
        )
    except DomainError as exc:
        context["error"] = exc.message
        context["problems"] = exc.extra.get("problems", [])
        return render(request, "raci/matrix/import.html", context, status=exc.status_code)
    messages.success(
        request,
        f"Imported: {result.changed} cell{'s' if result.changed != 1 else ''} changed, "
        f"{result.unchanged} unchanged.",
    )
    return redirect(_matrix_url(matrix))
