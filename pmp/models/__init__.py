"""The Program Management Plan's models, one module per area (the RAID log in ``raid``,
governance bodies and meetings in ``governance``, the communications plan in
``communications``, funding and the earned value settings in ``funding``, control accounts
and the provider's expenditure reports in ``expenditure``, status periods and variance
explanations in ``evm``)."""

from .communications import Channel, CommunicationDelivery, CommunicationItem, Frequency
from .evm import (
    ExplanationStatus,
    PeriodStatus,
    StatusPeriod,
    VarianceExplanation,
    VarianceExplanationHistory,
    VarianceKind,
)
from .expenditure import (
    ControlAccount,
    ExpenditureHours,
    ExpenditureLine,
    ExpenditureReport,
    ReportStatus,
)
from .funding import EacMethod, EarnedValueSettings, FundingDocument, FundingModification
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
    "ControlAccount",
    "EacMethod",
    "EarnedValueSettings",
    "ExpenditureHours",
    "ExpenditureLine",
    "ExpenditureReport",
    "ExplanationStatus",
    "Frequency",
    "FundingDocument",
    "FundingModification",
    "GovernanceBody",
    "Meeting",
    "MeetingStatus",
    "PeriodStatus",
    "RaidComment",
    "RaidHistory",
    "RaidItem",
    "RaidLink",
    "ReportStatus",
    "RiskScheme",
    "RiskScore",
    "StatusPeriod",
    "VarianceExplanation",
    "VarianceExplanationHistory",
    "VarianceKind",
]
