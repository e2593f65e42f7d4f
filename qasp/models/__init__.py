"""The QASP's records: surveillance of each standard per period, the provider's reported
metrics, corrective action requests and performance evaluations. The plan itself is a
versioned document of ``programs`` (``qasp.definitions``)."""

from .cars import CarHistory, CarOverdueNotice, CorrectiveActionRequest
from .evaluations import EvaluationRating, PerformanceEvaluation
from .metrics import MetricSubmission
from .surveillance import SAMPLING_METHODS, SurveillanceRecord, observed_value, standard_of

__all__ = [
    "SAMPLING_METHODS",
    "CarHistory",
    "CarOverdueNotice",
    "CorrectiveActionRequest",
    "EvaluationRating",
    "MetricSubmission",
    "PerformanceEvaluation",
    "SurveillanceRecord",
    "observed_value",
    "standard_of",
]
