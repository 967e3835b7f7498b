"""SQLAlchemy models. Importing this package registers every table on `Base.metadata`."""

from models.activity import Activity, ActivityStatus, Evidence, EvidenceKind
from models.audit import AuditLog
from models.base import Base
from models.calendar import Announcement, CalendarOverride, DayKind
from models.fsm import FsmState
from models.invite import Invite, InviteAttempt
from models.leave import Leave, LeaveKind
from models.org import Agency, Employee, EvaluationPeriod, PositionType, Unit
from models.outbox import Notification, NotificationStatus
from models.review import ActingAssignment, CoreValue, Feedback, FeedbackKind

__all__ = [
    "ActingAssignment",
    "Activity",
    "ActivityStatus",
    "Agency",
    "Announcement",
    "AuditLog",
    "Base",
    "CalendarOverride",
    "CoreValue",
    "DayKind",
    "Employee",
    "EvaluationPeriod",
    "Evidence",
    "EvidenceKind",
    "Feedback",
    "FeedbackKind",
    "FsmState",
    "Invite",
    "InviteAttempt",
    "Leave",
    "LeaveKind",
    "Notification",
    "NotificationStatus",
    "PositionType",
    "Unit",
]
