"""Models of the responsibilities app, one module per area (the RACI matrix, SME sessions)."""

# SME MOUs and sessions
from .sessions import Session, SessionAttendance, SessionKind

__all__ = ["Session", "SessionAttendance", "SessionKind"]
