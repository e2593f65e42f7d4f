"""The Phase 3 progress review's readiness: per program, the exit criteria (``criteria``, as
data) and the artifacts each needs, every artifact's state read from the portal
(``states``), a readiness percentage and what blocks each criterion (``selectors``), and the
review package, one PDF built as a job with progress (``package``, ``pdf``)."""
