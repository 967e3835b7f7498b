"""/undang <NIP>: an admin issues an invite (deep link and short code) from the chat."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import AuditLog, Invite
from tests.conftest import FrozenClock
from tests.factories import make_agency, make_employee, make_nip, make_unit
from tests.fakes import updates
from tests.handlers.conftest import ADMIN_TG, STAFF_TG, STRANGER_TG, Org, Send
from tests.handlers.helpers import count, invites, load_employee, reply_text

LINK = re.compile(r"https://t\.me/kinerja_bot\?start=([A-Za-z0-9_-]+)\n")
CODE = re.compile(r"<code>([A-Z2-9]{4}-[A-Z2-9]{4})</code>")
NOT_FOUND = "Tidak ada pegawai aktif dengan NIP itu. Periksa kembali nomornya."


async def test_without_nip_shows_usage(send: Send, org: Org) -> None:
    text = reply_text(await send(updates.text_message(ADMIN_TG, "/undang")))

    assert "Cara pakai: /undang" in text
    assert "contoh /undang 198507172010011002" in text


@pytest.mark.parametrize("nip", ["123", make_nip(99)], ids=["malformed", "unknown"])
async def test_bad_or_unknown_nip_is_refused(
    send: Send, org: Org, session_factory: async_sessionmaker[AsyncSession], nip: str
) -> None:
    text = reply_text(await send(updates.text_message(ADMIN_TG, f"/undang {nip}")))

    assert text == NOT_FOUND
    assert await count(session_factory, Invite) == 0


async def test_employee_of_another_agency_cannot_be_invited(
    send: Send, org: Org, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    async with session_factory() as session:
        other = await make_agency(session, clock())
        unit = await make_unit(session, other, "Dinas Lain")
        outsider = await make_employee(session, other, unit, 50, clock())
        await session.commit()

    text = reply_text(await send(updates.text_message(ADMIN_TG, f"/undang {outsider.nip}")))

    assert text == NOT_FOUND
    assert await count(session_factory, Invite) == 0


async def test_invite_shows_deep_link_and_code_that_work(
    send: Send, org: Org, session_factory: async_sessionmaker[AsyncSession], clock: FrozenClock
) -> None:
    text = reply_text(await send(updates.text_message(ADMIN_TG, f"/undang {org.newcomer.nip}")))

    assert text.startswith("Undangan untuk <b>Dewi Baru</b>:\n")
    assert "Berlaku sampai 2026-03-09 02:00 UTC." in text
    assert "hanya bisa dipakai sekali" in text
    link, code = LINK.search(text), CODE.search(text)
    assert link is not None
    assert code is not None
    [invite] = await invites(session_factory)
    assert invite.employee_id == org.newcomer.id
    async with session_factory() as session:
        audit = await session.scalar(select(AuditLog).where(AuditLog.action == "invite.issue"))
    assert audit is not None
    assert (audit.actor_id, audit.entity_id) == (org.admin.id, org.newcomer.id)

    greeting = reply_text(await send(updates.start(STRANGER_TG, link.group(1))))

    assert "Selamat datang, Dewi Baru!" in greeting
    assert (await load_employee(session_factory, org.newcomer.id)).telegram_user_id == STRANGER_TG


async def test_code_from_the_invite_can_be_typed(
    send: Send, org: Org, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    nip = org.newcomer.nip
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    text = reply_text(await send(updates.text_message(ADMIN_TG, f"/invite {spaced}")))
    code = CODE.search(text)
    assert code is not None

    greeting = reply_text(await send(updates.text_message(STRANGER_TG, code.group(1))))

    assert "Selamat datang, Dewi Baru!" in greeting
    assert (await load_employee(session_factory, org.newcomer.id)).telegram_user_id == STRANGER_TG


async def test_non_admin_cannot_issue_invites(
    send: Send, org: Org, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    text = reply_text(await send(updates.text_message(STAFF_TG, f"/undang {org.newcomer.nip}")))

    assert text == "Maaf, saya tidak mengerti. Ketik /help untuk melihat yang bisa saya bantu."
    assert await count(session_factory, Invite) == 0
