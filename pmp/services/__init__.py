"""Writes of the Program Management Plan, one module per area."""
