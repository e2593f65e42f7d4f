"""Reads of the responsibilities area, for its pages and for other apps (the Resource
Management Plan freezes the matrix; the board and the dashboards read its rule results and
the SMEs' attendance)."""

from .matrix import (
    MatrixData,
    board_summary,
    check_data,
    matrix_data,
    matrix_of,
    matrix_snapshot,
    refuse_review_on_rule_errors,
    rule_results,
)
from .mou import SmeAttendance, mous_of, sme_attendance, smes_of

__all__ = [
    "MatrixData",
    "SmeAttendance",
    "board_summary",
    "check_data",
    "matrix_data",
    "matrix_of",
    "matrix_snapshot",
    "mous_of",
    "refuse_review_on_rule_errors",
    "rule_results",
    "sme_attendance",
    "smes_of",
]
