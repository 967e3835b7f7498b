"""SQLAlchemy models. Importing this package registers every table on `Base.metadata`."""

from models.audit import AuditLog
from models.base import Base
from models.invite import Invite, InviteAttempt
from models.org import Agency, Employee, EvaluationPeriod, PositionType, Unit

__all__ = [
    "Agency",
    "AuditLog",
    "Base",
    "Employee",
    "EvaluationPeriod",
    "Invite",
    "InviteAttempt",
    "PositionType",
    "Unit",
]
