"""People and progress."""

from .activity import (
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
    CourseEnrolment,
    CurriculumEnrolment,
    EnrolmentSource,
    EnrolmentStatus,
    LessonProgress,
    PolicyConfirmation,
    QuizAttempt,
    QuizResponse,
)
from .roster import (
    AssignmentRule,
    ImportStatus,
    RosterImport,
    RosterMapping,
    RuleMatch,
)
from .targets import Target, TargetMetric

__all__ = [
    "SigningKey",
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
    "ReminderKind",
]
