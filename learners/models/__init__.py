"""People and progress."""

from .activity import (
    CERTIFICATE_KINDS,
    Assignment,
    AuditAction,
    AuditEvent,
    ReminderDelivery,
    ReminderKind,
)
from .credentials import SigningKey
from .org import ACTIVE_STATUSES, Department, Learner, LearnerStatus
from .progress import (
    AttemptStatus,
    Certificate,
    CertificateKind,
    CertificateState,
    CourseEnrolment,
    CurriculumEnrolment,
    EnrolmentSource,
    EnrolmentStatus,
    LessonProgress,
    PolicyConfirmation,
    QuizAttempt,
    QuizResponse,
)
from .renewals import (
    RENEWAL_LIVE,
    FlagReason,
    LessonFlag,
    LessonRenewal,
    MaterialChange,
    MaterialChangeStatus,
)
from .roster import (
    AssignmentRule,
    ImportStatus,
    RosterImport,
    RosterMapping,
    RuleMatch,
)
from .targets import Target, TargetMetric
from .team import LearnerFigures, ReportingLine

__all__ = [
    "LearnerFigures",
    "ReportingLine",
    "SigningKey",
    "FlagReason",
    "LessonFlag",
    "RENEWAL_LIVE",
    "LessonRenewal",
    "MaterialChange",
    "MaterialChangeStatus",
    "Assignment",
    "AssignmentRule",
    "ImportStatus",
    "RosterImport",
    "RosterMapping",
    "RuleMatch",
    "Target",
    "TargetMetric",
    "ACTIVE_STATUSES",
    "AuditAction",
    "AuditEvent",
    "Certificate",
    "CertificateKind",
    "CertificateState",
    "CourseEnrolment",
    "CurriculumEnrolment",
    "Department",
    "EnrolmentSource",
    "EnrolmentStatus",
    "Learner",
    "LearnerStatus",
    "LessonProgress",
    "AttemptStatus",
    "QuizAttempt",
    "PolicyConfirmation",
    "QuizResponse",
    "ReminderDelivery",
    "CERTIFICATE_KINDS",
    "ReminderKind",
]
