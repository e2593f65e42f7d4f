"""Writes of the responsibilities app, one module per area."""
