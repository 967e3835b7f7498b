"""Redeeming an invite by deep link (/start <token>) or by typing the short code."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Employee, InviteAttempt
from services.invites import format_code
from tests.conftest import FrozenClock
from tests.factories import make_employee
from tests.fakes import updates
from tests.handlers.conftest import STAFF_TG, STRANGER_TG, Org, Send
from tests.handlers.helpers import invites, issue, load_employee, reply_text, snapshot

WELCOME = "Selamat datang, {name}! Akun Telegram Anda sudah terhubung."


async def test_deep_link_links_the_account_and_greets_by_name(
    send: Send, org: Org, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    invite = await issue(session_factory, org.newcomer, clock())
    clock.advance(minutes=5)

    text = reply_text(await send(updates.start(STRANGER_TG, invite.token)))

    assert WELCOME.format(name="Dewi Baru") in text
    assert "Peran: pegawai" in text
    assert "/help — Yang bisa saya bantu" in text
    assert "/bahasa — Ganti bahasa" in text
    assert "/undang" not in text
    employee = await load_employee(session_factory, org.newcomer.id)
    assert employee.telegram_user_id == STRANGER_TG
    assert employee.telegram_chat_id == STRANGER_TG
    assert employee.linked_at == clock()
    [stored] = await invites(session_factory)
    assert stored.used_at == clock()
    assert stored.used_by_telegram_id == STRANGER_TG


async def test_typed_code_in_lowercase_with_dash_works(
    send: Send, org: Org, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    invite = await issue(session_factory, org.newcomer, clock())
    typed = format_code(invite.code).lower()
    assert "-" in typed

    text = reply_text(await send(updates.text_message(STRANGER_TG, typed)))

    assert WELCOME.format(name="Dewi Baru") in text
    employee = await load_employee(session_factory, org.newcomer.id)
    assert employee.telegram_user_id == STRANGER_TG


async def test_greeting_shows_admin_commands_to_an_admin(
    send: Send, org: Org, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    async with session_factory() as session:
        new_admin = await make_employee(
            session, org.agency, org.unit, 5, clock(), name="Eko Admin", is_admin=True
        )
        await session.commit()
    invite = await issue(session_factory, new_admin, clock())

    text = reply_text(await send(updates.start(STRANGER_TG, invite.token)))

    assert WELCOME.format(name="Eko Admin") in text
    assert "Peran: pegawai, admin" in text
    assert "/undang — Buat undangan" in text
    assert "Kirim berkas .csv atau .xlsx" in text


async def test_name_is_html_escaped_in_the_greeting(
    send: Send, org: Org, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    async with session_factory() as session:
        odd = await make_employee(session, org.agency, org.unit, 6, clock(), name="Fajar <b> & Co")
        await session.commit()
    invite = await issue(session_factory, odd, clock())

    text = reply_text(await send(updates.start(STRANGER_TG, invite.token)))

    assert WELCOME.format(name="Fajar &lt;b&gt; &amp; Co") in text


async def _failed_attempts(session_factory: async_sessionmaker[AsyncSession]) -> int:
    async with session_factory() as session:
        rows = await session.scalars(
            select(InviteAttempt).where(InviteAttempt.succeeded.is_(False))
        )
        return len(rows.all())


def _without_attempts(tables: dict[str, list[object]]) -> dict[str, list[object]]:
    return {name: rows for name, rows in tables.items() if name != "invite_attempt"}


async def test_used_invite_is_refused_and_changes_nothing(
    send: Send, org: Org, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    invite = await issue(session_factory, org.newcomer, clock())
    await send(updates.start(STRANGER_TG, invite.token))
    before = await snapshot(session_factory)

    text = reply_text(await send(updates.start(STRANGER_TG + 1, invite.token)))

    assert "Undangan ini sudah dipakai" in text
    assert "segera beri tahu admin" in text
    assert _without_attempts(await snapshot(session_factory)) == _without_attempts(before)
    employee = await load_employee(session_factory, org.newcomer.id)
    assert employee.telegram_user_id == STRANGER_TG
    assert await _failed_attempts(session_factory) == 1


async def test_expired_invite_is_refused(
    send: Send, org: Org, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    invite = await issue(session_factory, org.newcomer, clock())
    clock.advance(days=7)
    before = await snapshot(session_factory)

    text = reply_text(await send(updates.start(STRANGER_TG, invite.token)))

    assert "Undangan ini sudah kedaluwarsa. Minta undangan baru ke admin." in text
    assert _without_attempts(await snapshot(session_factory)) == _without_attempts(before)
    employee = await load_employee(session_factory, org.newcomer.id)
    assert employee.telegram_user_id is None


async def test_unknown_link_and_unknown_code_are_refused(
    send: Send, org: Org, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    await issue(session_factory, org.newcomer, clock())
    before = await snapshot(session_factory)

    for update in (
        updates.start(STRANGER_TG, "bukan-token-yang-benar"),
        updates.text_message(STRANGER_TG, "ABCD-EFGH"),
    ):
        text = reply_text(await send(update))
        assert "Undangan tidak dikenal. Periksa tautan atau kodenya" in text

    assert _without_attempts(await snapshot(session_factory)) == _without_attempts(before)
    assert await _failed_attempts(session_factory) == 2


async def test_a_reissued_invite_revokes_the_old_link(
    send: Send, org: Org, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    old = await issue(session_factory, org.newcomer, clock())
    new = await issue(session_factory, org.newcomer, clock())

    text = reply_text(await send(updates.start(STRANGER_TG, old.token)))
    assert "Undangan tidak dikenal" in text
    assert (await load_employee(session_factory, org.newcomer.id)).telegram_user_id is None

    text = reply_text(await send(updates.start(STRANGER_TG, new.token)))
    assert WELCOME.format(name="Dewi Baru") in text


async def test_too_many_bad_codes_are_rate_limited(
    send: Send, org: Org, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    invite = await issue(session_factory, org.newcomer, clock())
    for _ in range(5):
        text = reply_text(await send(updates.text_message(STRANGER_TG, "ABCD-EFGH")))
        assert "Undangan tidak dikenal" in text

    # Even the right code is refused while the user is locked out.
    text = reply_text(await send(updates.start(STRANGER_TG, invite.token)))

    assert text == "Terlalu banyak percobaan. Coba lagi dalam 15 menit."
    assert (await load_employee(session_factory, org.newcomer.id)).telegram_user_id is None
    [stored] = await invites(session_factory)
    assert stored.used_at is None

    clock.advance(minutes=15)
    text = reply_text(await send(updates.start(STRANGER_TG, invite.token)))
    assert WELCOME.format(name="Dewi Baru") in text


async def test_rate_limit_is_per_telegram_user(
    send: Send, org: Org, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    invite = await issue(session_factory, org.newcomer, clock())
    for _ in range(5):
        await send(updates.text_message(STRANGER_TG + 1, "ABCD-EFGH"))

    text = reply_text(await send(updates.start(STRANGER_TG, invite.token)))

    assert WELCOME.format(name="Dewi Baru") in text


async def test_account_linked_to_another_employee_changes_nothing(
    send: Send, org: Org, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    invite = await issue(session_factory, org.newcomer, clock())
    before = await snapshot(session_factory)

    text = reply_text(await send(updates.start(STAFF_TG, invite.token)))

    assert text == "Akun Telegram ini sudah terhubung dengan pegawai lain. Hubungi admin."
    assert await snapshot(session_factory) == before
    async with session_factory() as session:
        linked = (
            await session.scalars(select(Employee).where(Employee.telegram_user_id == STAFF_TG))
        ).all()
    assert [e.id for e in linked] == [org.staff.id]
