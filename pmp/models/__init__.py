"""The Program Management Plan's models, one module per area (the RAID log in ``raid``)."""

from .raid import (
    RaidComment,
    RaidHistory,
    RaidItem,
    RaidLink,
    RiskScheme,
    RiskScore,
)

__all__ = [
    "RaidComment",
    "RaidHistory",
    "RaidItem",
    "RaidLink",
    "RiskScheme",
    "RiskScore",
]
