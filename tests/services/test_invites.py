"""Invites: issue (admins only), redeem by deep-link token or typed code, single use, rate limit."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Agency, AuditLog, Employee, Invite, InviteAttempt, Unit
from services.audit import Actor
from services.errors import (
    AccountAlreadyLinked,
    InviteInvalid,
    NotAllowed,
    NotFound,
    RateLimited,
)
from services.invites import (
    CODE_ALPHABET,
    InvitePolicy,
    IssuedInvite,
    format_code,
    issue_invite,
    looks_like_code,
    normalise_code,
    redeem_invite,
)
from tests.conftest import FrozenClock
from tests.factories import make_agency, make_employee, make_nip, make_unit

POLICY = InvitePolicy(valid_days=7, max_failures=3, failure_window=timedelta(minutes=15))
CLI = Actor("cli")


async def _org(session: AsyncSession, now: datetime) -> tuple[Agency, Unit]:
    agency = await make_agency(session, now)
    unit = await make_unit(session, agency)
    await session.commit()
    return agency, unit


async def _issue(
    session: AsyncSession, agency: Agency, i: int, now: datetime, actor: Actor = CLI
) -> IssuedInvite:
    return await issue_invite(session, make_nip(i), actor, now, POLICY, agency.id)


async def _redeem(
    session: AsyncSession, secret: str, user: int, now: datetime, policy: InvitePolicy = POLICY
) -> Employee:
    return await redeem_invite(
        session,
        secret=secret,
        telegram_user_id=user,
        telegram_chat_id=user + 1_000_000,
        now=now,
        policy=policy,
    )


async def _reason(session: AsyncSession, secret: str, user: int, now: datetime) -> str:
    with pytest.raises(InviteInvalid) as info:
        await _redeem(session, secret, user, now)
    return info.value.reason


async def _rows(factory: async_sessionmaker[AsyncSession], model: Any) -> list[tuple[Any, ...]]:
    async with factory() as s:
        result = await s.execute(select(*model.__table__.columns).order_by(model.id))
        return [tuple(r) for r in result.all()]


async def _state(factory: async_sessionmaker[AsyncSession]) -> list[list[tuple[Any, ...]]]:
    return [await _rows(factory, m) for m in (Employee, Invite, AuditLog)]


# --- issuing -------------------------------------------------------------------------------


async def test_system_actor_issues_an_invite(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    agency, unit = await _org(session, clock())
    employee = await make_employee(session, agency, unit, 1, clock(), name="Budi")
    await session.commit()

    issued = await issue_invite(session, "19800101 201001 1 002", CLI, clock(), POLICY, agency.id)

    assert (issued.employee_id, issued.employee_name) == (employee.id, "Budi")
    assert issued.expires_at == clock() + timedelta(days=7)
    assert len(issued.code) == 8
    assert set(issued.code) <= set(CODE_ALPHABET)
    assert len(issued.token) >= 32
    assert issued.deep_link("KinerjaBot") == f"https://t.me/KinerjaBot?start={issued.token}"
    [invite] = await _rows(session_factory, Invite)
    stored = dict(zip(Invite.__table__.columns.keys(), invite, strict=True))
    assert stored["employee_id"] == employee.id
    assert (stored["created_at"], stored["expires_at"]) == (clock(), issued.expires_at)
    assert stored["used_at"] is None
    assert stored["revoked_at"] is None
    audit = (await session.scalars(select(AuditLog))).all()
    assert [(a.action, a.entity_id, a.actor_id, a.actor_label) for a in audit] == [
        ("invite.issue", employee.id, None, "cli")
    ]


async def test_admin_employee_issues_an_invite(session: AsyncSession, clock: FrozenClock) -> None:
    agency, unit = await _org(session, clock())
    admin = await make_employee(session, agency, unit, 0, clock(), is_admin=True)
    employee = await make_employee(session, agency, unit, 1, clock())
    await session.commit()

    issued = await _issue(session, agency, 1, clock(), Actor.employee(admin.id))

    assert issued.employee_id == employee.id
    audit = await session.scalar(select(AuditLog).where(AuditLog.action == "invite.issue"))
    assert audit is not None
    assert (audit.actor_id, audit.actor_label) == (admin.id, "employee")


async def test_non_admin_employee_may_not_issue_invites(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    agency, unit = await _org(session, clock())
    clerk = await make_employee(session, agency, unit, 0, clock())
    await make_employee(session, agency, unit, 1, clock())
    await session.commit()
    before = await _state(session_factory)

    with pytest.raises(NotAllowed):
        await _issue(session, agency, 1, clock(), Actor.employee(clerk.id))

    assert await _state(session_factory) == before


@pytest.mark.parametrize("nip", [make_nip(42), "not a nip", ""])
async def test_issuing_for_an_unknown_nip_is_not_found(
    session: AsyncSession,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
    nip: str,
) -> None:
    agency, unit = await _org(session, clock())
    await make_employee(session, agency, unit, 1, clock())
    await session.commit()
    before = await _state(session_factory)

    with pytest.raises(NotFound):
        await issue_invite(session, nip, CLI, clock(), POLICY, agency.id)

    assert await _state(session_factory) == before


async def test_inactive_employee_or_other_agency_is_not_found(
    session: AsyncSession, clock: FrozenClock
) -> None:
    agency, unit = await _org(session, clock())
    gone = await make_employee(session, agency, unit, 1, clock())
    gone.active = False
    other, other_unit = await _org(session, clock())
    await make_employee(session, other, other_unit, 2, clock())
    await session.commit()

    with pytest.raises(NotFound):
        await _issue(session, agency, 1, clock())
    with pytest.raises(NotFound):
        await _issue(session, agency, 2, clock())


async def test_issuing_again_revokes_the_previous_invite(
    session: AsyncSession, clock: FrozenClock
) -> None:
    agency, unit = await _org(session, clock())
    await make_employee(session, agency, unit, 1, clock())
    await session.commit()
    first = await _issue(session, agency, 1, clock())
    clock.advance(minutes=1)
    second = await _issue(session, agency, 1, clock())

    assert await _reason(session, first.token, 501, clock()) == "unknown"
    assert await _reason(session, first.code, 502, clock()) == "unknown"
    employee = await _redeem(session, second.token, 503, clock())
    assert employee.telegram_user_id == 503
    revoked = await session.scalar(select(Invite.revoked_at).order_by(Invite.id).limit(1))
    assert revoked == clock()  # revoked when the second invite was issued


# --- redeeming -------------------------------------------------------------------------------


async def test_redeeming_the_token_links_the_account(
    session: AsyncSession, clock: FrozenClock
) -> None:
    agency, unit = await _org(session, clock())
    await make_employee(session, agency, unit, 1, clock())
    await session.commit()
    issued = await _issue(session, agency, 1, clock())
    clock.advance(minutes=10)

    employee = await _redeem(session, f"  {issued.token}\n", 4242, clock())

    assert employee.id == issued.employee_id
    session.expunge_all()
    stored = await session.get(Employee, issued.employee_id)
    assert stored is not None
    assert (stored.telegram_user_id, stored.telegram_chat_id) == (4242, 1_004_242)
    assert stored.linked_at == stored.updated_at == clock()
    invite = await session.scalar(select(Invite))
    assert invite is not None
    assert (invite.used_at, invite.used_by_telegram_id) == (clock(), 4242)
    link = await session.scalar(select(AuditLog).where(AuditLog.action == "employee.link_telegram"))
    assert link is not None
    assert (link.entity, link.entity_id, link.actor_id, link.at) == (
        "employee",
        stored.id,
        stored.id,
        clock(),
    )
    assert link.before == {"telegram_linked": False}
    assert link.after == {"telegram_linked": True, "invite_id": invite.id}
    attempts = (await session.scalars(select(InviteAttempt))).all()
    assert [(a.telegram_user_id, a.succeeded) for a in attempts] == [(4242, True)]


@pytest.mark.parametrize(
    "typed",
    [
        lambda c: c,
        lambda c: c.lower(),
        lambda c: format_code(c).lower(),
        lambda c: f" {c[:4].lower()} {c[4:].lower()} ",
        lambda c: f"{c[:4]} - {c[4:]}",
    ],
)
async def test_redeeming_the_typed_code(
    session: AsyncSession, clock: FrozenClock, typed: Any
) -> None:
    agency, unit = await _org(session, clock())
    await make_employee(session, agency, unit, 1, clock())
    await session.commit()
    issued = await _issue(session, agency, 1, clock())

    employee = await _redeem(session, typed(issued.code), 77, clock())

    assert (employee.id, employee.telegram_user_id) == (issued.employee_id, 77)


async def test_used_invite_cannot_be_redeemed_again(
    session: AsyncSession, clock: FrozenClock
) -> None:
    agency, unit = await _org(session, clock())
    await make_employee(session, agency, unit, 1, clock())
    await session.commit()
    issued = await _issue(session, agency, 1, clock())
    await _redeem(session, issued.token, 10, clock())

    assert await _reason(session, issued.token, 11, clock()) == "used"
    assert await _reason(session, issued.code, 10, clock()) == "used"
    stored = await session.get(Employee, issued.employee_id)
    assert stored is not None
    assert stored.telegram_user_id == 10


async def test_invite_expires_after_valid_days(session: AsyncSession, clock: FrozenClock) -> None:
    agency, unit = await _org(session, clock())
    await make_employee(session, agency, unit, 1, clock())
    await make_employee(session, agency, unit, 2, clock())
    await session.commit()
    late = await _issue(session, agency, 1, clock())
    on_time = await _issue(session, agency, 2, clock())

    clock.advance(days=7, minutes=-1)
    assert (await _redeem(session, on_time.token, 21, clock())).telegram_user_id == 21
    clock.advance(minutes=1)
    assert await _reason(session, late.token, 22, clock()) == "expired"
    assert await _reason(session, late.code, 22, clock()) == "expired"


async def test_unknown_secret_is_unknown_and_counts_as_failure(
    session: AsyncSession, clock: FrozenClock
) -> None:
    await _org(session, clock())

    assert await _reason(session, "no-such-token", 31, clock()) == "unknown"
    assert await _reason(session, "ABCD-EFGH", 31, clock()) == "unknown"

    attempts = (await session.scalars(select(InviteAttempt))).all()
    assert [(a.telegram_user_id, a.succeeded, a.at) for a in attempts] == [
        (31, False, clock()),
        (31, False, clock()),
    ]


async def test_invite_of_a_deactivated_employee_is_unknown(
    session: AsyncSession, clock: FrozenClock
) -> None:
    agency, unit = await _org(session, clock())
    employee = await make_employee(session, agency, unit, 1, clock())
    await session.commit()
    issued = await _issue(session, agency, 1, clock())
    employee.active = False
    await session.commit()

    assert await _reason(session, issued.token, 41, clock()) == "unknown"
    session.expunge_all()
    assert await session.scalar(select(Employee.telegram_user_id)) is None


async def test_rate_limit_blocks_even_a_correct_invite_until_the_window_passes(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    agency, unit = await _org(session, clock())
    await make_employee(session, agency, unit, 1, clock())
    await session.commit()
    issued = await _issue(session, agency, 1, clock())
    first_failure = clock()
    for _ in range(POLICY.max_failures):
        await _reason(session, "WRONG-CODE", 55, clock())
        clock.advance(minutes=1)
    before = await _state(session_factory)

    with pytest.raises(RateLimited) as info:
        await _redeem(session, issued.token, 55, clock())
    assert info.value.retry_at == first_failure + POLICY.failure_window
    clock.now = info.value.retry_at - timedelta(seconds=1)  # still blocked
    with pytest.raises(RateLimited):
        await _redeem(session, issued.token, 55, clock())
    assert await _state(session_factory) == before
    # Another Telegram user is not affected by user 55's failures.
    assert await _reason(session, "WRONG-CODE", 56, clock()) == "unknown"

    clock.advance(seconds=1)
    assert clock() == info.value.retry_at
    employee = await _redeem(session, issued.token, 55, clock())
    assert employee.telegram_user_id == 55


async def test_failures_outside_the_window_do_not_count(
    session: AsyncSession, clock: FrozenClock
) -> None:
    agency, unit = await _org(session, clock())
    await make_employee(session, agency, unit, 1, clock())
    await session.commit()
    issued = await _issue(session, agency, 1, clock())
    for _ in range(POLICY.max_failures * 2):
        await _reason(session, "WRONG-CODE", 66, clock())
        clock.advance(minutes=8)  # never more than 2 failures within 15 minutes

    assert (await _redeem(session, issued.code, 66, clock())).telegram_user_id == 66


async def test_account_linked_to_another_employee_is_refused_and_nothing_changes(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    agency, unit = await _org(session, clock())
    await make_employee(session, agency, unit, 1, clock(), telegram_user_id=777)
    await make_employee(session, agency, unit, 2, clock())
    await session.commit()
    issued = await _issue(session, agency, 2, clock())
    before = await _state(session_factory)

    with pytest.raises(AccountAlreadyLinked):
        await _redeem(session, issued.token, 777, clock())

    assert await _state(session_factory) == before
    # The invite stays usable by the right person.
    assert (await _redeem(session, issued.code, 778, clock())).telegram_user_id == 778


async def test_a_new_invite_moves_the_employee_to_a_new_account(
    session: AsyncSession, clock: FrozenClock
) -> None:
    agency, unit = await _org(session, clock())
    await make_employee(session, agency, unit, 1, clock(), telegram_user_id=900)
    await session.commit()
    issued = await _issue(session, agency, 1, clock())

    employee = await _redeem(session, issued.token, 901, clock())

    assert employee.telegram_user_id == 901
    link = await session.scalar(select(AuditLog).where(AuditLog.action == "employee.link_telegram"))
    assert link is not None
    assert link.before == {"telegram_linked": True}


async def test_only_hashes_of_token_and_code_are_stored(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    agency, unit = await _org(session, clock())
    await make_employee(session, agency, unit, 1, clock())
    await session.commit()
    issued = await _issue(session, agency, 1, clock())
    await _redeem(session, issued.code.lower(), 88, clock())

    stored = repr(await _rows(session_factory, Invite)) + repr(
        await _rows(session_factory, AuditLog)
    )
    assert issued.token not in stored
    assert issued.code not in stored
    assert issued.code.lower() not in stored
    assert format_code(issued.code) not in stored


async def test_concurrent_redemptions_of_one_invite_link_exactly_one_account(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    agency, unit = await _org(session, clock())
    await make_employee(session, agency, unit, 1, clock())
    await session.commit()
    issued = await _issue(session, agency, 1, clock())

    async def attempt(user: int) -> Employee:
        async with session_factory() as s:
            return await _redeem(s, issued.token, user, clock())

    results = await asyncio.gather(attempt(1001), attempt(1002), return_exceptions=True)

    winners = [r for r in results if isinstance(r, Employee)]
    losers = [r for r in results if not isinstance(r, Employee)]
    assert len(winners) == 1, results
    assert len(losers) == 1
    assert isinstance(losers[0], InviteInvalid), results
    assert losers[0].reason == "used"
    winner = winners[0].telegram_user_id
    async with session_factory() as s:
        linked = (await s.scalars(select(Employee.telegram_user_id))).all()
        invite = await s.scalar(select(Invite))
        links = (
            await s.scalars(select(AuditLog).where(AuditLog.action == "employee.link_telegram"))
        ).all()
    assert linked == [winner]
    assert invite is not None
    assert invite.used_by_telegram_id == winner
    assert len(links) == 1


# --- code helpers ------------------------------------------------------------------------------


def test_code_helpers() -> None:
    assert normalise_code(" abcd-efgh ") == "ABCDEFGH"
    assert format_code("ABCDEFGH") == "ABCD-EFGH"
    assert looks_like_code("abcd-efgh")
    assert looks_like_code("ABCD EFGH")
    assert not looks_like_code("ABCD-EFG")  # too short
    assert not looks_like_code("ABCD-EFG0")  # 0 is not in the alphabet
    assert not looks_like_code("hello there")
    assert not looks_like_code("A B C D E F G H")  # too spread out to be a typed code
