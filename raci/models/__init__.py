"""Models of the responsibilities app, one module per area (the RACI matrix, SME sessions)."""
