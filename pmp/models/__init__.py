"""The Program Management Plan's models, one module per area (the RAID log in ``raid``,
governance bodies and meetings in ``governance``, the communications plan in
``communications``)."""

from .communications import Channel, CommunicationDelivery, CommunicationItem, Frequency
from .governance import Cadence, GovernanceBody, Meeting, MeetingStatus
from .raid import (
    RaidComment,
    RaidHistory,
    RaidItem,
    RaidLink,
    RiskScheme,
    RiskScore,
)

__all__ = [
    "Cadence",
    "Channel",
    "CommunicationDelivery",
    "CommunicationItem",
    "Frequency",
    "GovernanceBody",
    "Meeting",
    "MeetingStatus",
    "RaidComment",
    "RaidHistory",
    "RaidItem",
    "RaidLink",
    "RiskScheme",
    "RiskScore",
]
