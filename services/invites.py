"""Registration by invite only: issue single-use invites and redeem them.

The deep-link token and the short code are random and stored only as SHA-256 hashes, so a
database leak does not hand out identities. Failed redemptions are counted per Telegram user
in the database (works across processes) and rate-limited.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import Employee, Invite, InviteAttempt
from services import audit
from services.audit import Actor
from services.directory import require_admin
from services.errors import AccountAlreadyLinked, InviteInvalid, NotFound, RateLimited
from services.nip import NipError, parse_nip

# No 0/O, 1/I/L: a code read aloud or copied from paper survives.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


@dataclass(frozen=True)
class IssuedInvite:
    employee_id: int
    employee_name: str
    token: str
    code: str
    expires_at: datetime

    def deep_link(self, bot_username: str) -> str:
        return f"https://t.me/{bot_username}?start={self.token}"


@dataclass(frozen=True)
class InvitePolicy:
    valid_days: int = 7
    max_failures: int = 5
    failure_window: timedelta = timedelta(minutes=15)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def looks_like_code(text: str) -> bool:
    code = normalise_code(text)
    return (
        len(code) == CODE_LENGTH
        and all(ch in CODE_ALPHABET for ch in code)
        and len(text.strip()) <= CODE_LENGTH + 2
    )


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


async def issue_invite(
    session: AsyncSession,
    nip: str,
    actor: Actor,
    now: datetime,
    policy: InvitePolicy,
    agency_id: int,
) -> IssuedInvite:
    """Issue a fresh invite for the employee with this NIP; earlier unused ones are revoked.

    Only an admin of the agency (or a system actor such as the CLI) may issue invites.
    """
    await require_admin(session, actor, agency_id)
    try:
        digits = parse_nip(nip).digits
    except NipError as exc:
        raise NotFound("employee") from exc
    employee = await session.scalar(
        select(Employee).where(
            Employee.nip == digits, Employee.active.is_(True), Employee.agency_id == agency_id
        )
    )
    if employee is None:
        raise NotFound("employee")
    await session.execute(
        update(Invite)
        .where(
            Invite.employee_id == employee.id,
            Invite.used_at.is_(None),
            Invite.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    token = secrets.token_urlsafe(24)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    invite = Invite(
        employee_id=employee.id,
        token_hash=_hash(token),
        code_hash=_hash(code),
        created_at=now,
        expires_at=now + timedelta(days=policy.valid_days),
    )
    session.add(invite)
    await session.flush()
    audit.record(
        session,
        actor=actor,
        at=now,
        action="invite.issue",
        entity="employee",
        entity_id=employee.id,
        after={"invite_id": invite.id, "expires_at": invite.expires_at.isoformat()},
    )
    await session.commit()
    return IssuedInvite(employee.id, employee.name, token, code, invite.expires_at)


async def _check_rate_limit(
    session: AsyncSession, telegram_user_id: int, now: datetime, policy: InvitePolicy
) -> None:
    since = now - policy.failure_window
    failures = (
        await session.scalars(
            select(InviteAttempt.at)
            .where(
                InviteAttempt.telegram_user_id == telegram_user_id,
                InviteAttempt.succeeded.is_(False),
                InviteAttempt.at > since,
            )
            .order_by(InviteAttempt.at)
        )
    ).all()
    if len(failures) >= policy.max_failures:
        raise RateLimited(failures[-policy.max_failures] + policy.failure_window)


async def _fail(
    session: AsyncSession, telegram_user_id: int, now: datetime, reason: str
) -> InviteInvalid:
    session.add(InviteAttempt(telegram_user_id=telegram_user_id, at=now, succeeded=False))
    await session.commit()
    return InviteInvalid(reason)


async def redeem_invite(
    session: AsyncSession,
    *,
    secret: str,
    telegram_user_id: int,
    telegram_chat_id: int,
    now: datetime,
    policy: InvitePolicy,
) -> Employee:
    """Link this Telegram account to the invited employee and return the employee.

    Raises RateLimited, InviteInvalid(unknown|used|expired) or AccountAlreadyLinked; a failed
    attempt is recorded (and committed) before the error is raised.
    """
    await _check_rate_limit(session, telegram_user_id, now, policy)
    hashed = _hash(secret.strip())
    code_hashed = _hash(normalise_code(secret))
    invite = await session.scalar(
        select(Invite).where(or_(Invite.token_hash == hashed, Invite.code_hash == code_hashed))
    )
    if invite is None or invite.revoked_at is not None:
        raise await _fail(session, telegram_user_id, now, "unknown")
    if invite.used_at is not None:
        raise await _fail(session, telegram_user_id, now, "used")
    if invite.expires_at <= now:
        raise await _fail(session, telegram_user_id, now, "expired")
    employee = await session.get(Employee, invite.employee_id)
    if employee is None or not employee.active:
        raise await _fail(session, telegram_user_id, now, "unknown")
    other = await session.scalar(
        select(func.count())
        .select_from(Employee)
        .where(Employee.telegram_user_id == telegram_user_id, Employee.id != employee.id)
    )
    if other:
        raise AccountAlreadyLinked()
    # Single use even when two devices race: only one UPDATE can flip used_at from NULL.
    claimed = await session.execute(
        update(Invite)
        .where(Invite.id == invite.id, Invite.used_at.is_(None))
        .values(used_at=now, used_by_telegram_id=telegram_user_id)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        await session.rollback()
        raise await _fail(session, telegram_user_id, now, "used")
    before = {"telegram_linked": employee.telegram_user_id is not None}
    employee.telegram_user_id = telegram_user_id
    employee.telegram_chat_id = telegram_chat_id
    employee.linked_at = now
    employee.updated_at = now
    session.add(InviteAttempt(telegram_user_id=telegram_user_id, at=now, succeeded=True))
    audit.record(
        session,
        actor=Actor.employee(employee.id),
        at=now,
        action="employee.link_telegram",
        entity="employee",
        entity_id=employee.id,
        before=before,
        after={"telegram_linked": True, "invite_id": invite.id},
    )
    await session.commit()
    return employee
