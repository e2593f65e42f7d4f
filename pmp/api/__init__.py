"""The Program Management Plan API, one module per area."""
