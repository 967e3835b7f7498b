"""Domain errors. Front ends turn them into friendly, translated messages."""

from __future__ import annotations

from datetime import datetime


class DomainError(Exception):
    """Base of every error a user can cause; never a bug."""


class NotFound(DomainError):
    pass


class NotAllowed(DomainError):
    pass


class InvalidInput(DomainError):
    pass


class InviteInvalid(DomainError):
    """The invite cannot be used; `reason` is one of unknown, used, expired."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class AccountAlreadyLinked(DomainError):
    """This Telegram account already belongs to another employee."""


class RateLimited(DomainError):
    def __init__(self, retry_at: datetime) -> None:
        super().__init__(retry_at.isoformat())
        self.retry_at = retry_at


class StaleVersion(DomainError):
    """The item changed since the button or form was made; `current` is what it is now."""


class Locked(DomainError):
    """The item can no longer change (e.g. an approved activity)."""


class AlreadyDecided(DomainError):
    """Someone already decided on this item; `status` is the decision that stands."""

    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status
