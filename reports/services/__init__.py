"""Writes of status reports: ``builds`` (the build jobs and the draft they save) and
``lifecycle`` (narratives, approvals, the customer's rating and release)."""
