"""Models of the responsibilities app, one module per area (the RACI matrix, SME sessions)."""

from .matrix import (
    RaciCell,
    RaciCellChange,
    RaciCode,
    RaciColumn,
    RaciGroup,
    RaciMatrix,
    RaciRow,
    RowKind,
    Variant,
)
from .sessions import Session, SessionAttendance, SessionKind

__all__ = [
    "RaciCell",
    "RaciCellChange",
    "RaciCode",
    "RaciColumn",
    "RaciGroup",
    "RaciMatrix",
    "RaciRow",
    "RowKind",
    "Session",
    "SessionAttendance",
    "SessionKind",
    "Variant",
]
