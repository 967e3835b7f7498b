"""SQLAlchemy models. Importing this package registers every table on `Base.metadata`."""

from models.activity import Activity, ActivityStatus, Evidence, EvidenceKind
from models.audit import AuditLog
from models.base import Base
from models.calendar import Announcement, CalendarOverride, DayKind
from models.evaluation import Evaluation, EvaluationStatus, ResultNote, UnitPredicate, ValueRating
from models.fsm import FsmState
from models.invite import Invite, InviteAttempt
from models.leave import Leave, LeaveKind
from models.org import Agency, Employee, EvaluationPeriod, PositionType, Unit
from models.outbox import Notification, NotificationStatus
from models.plan import ActionPlan, Aspect, Indicator, Plan, PlanItem, PlanStatus, ResultKind
from models.posting import Departure, LeaveReason, Posting
from models.review import ActingAssignment, CoreValue, Feedback, FeedbackKind

__all__ = [
    "ActingAssignment",
    "ActionPlan",
    "Activity",
    "ActivityStatus",
    "Agency",
    "Announcement",
    "Aspect",
    "AuditLog",
    "Base",
    "CalendarOverride",
    "CoreValue",
    "DayKind",
    "Departure",
    "Employee",
    "Evaluation",
    "EvaluationPeriod",
    "EvaluationStatus",
    "Evidence",
    "EvidenceKind",
    "Feedback",
    "FeedbackKind",
    "FsmState",
    "Indicator",
    "Invite",
    "InviteAttempt",
    "Leave",
    "LeaveKind",
    "LeaveReason",
    "Notification",
    "NotificationStatus",
    "Plan",
    "PlanItem",
    "PlanStatus",
    "PositionType",
    "Posting",
    "ResultKind",
    "ResultNote",
    "Unit",
    "UnitPredicate",
    "ValueRating",
]
