"""/tim: the supervisor's team today and this week, and the drill-down into sub-teams."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import ActingAssignment, Employee, Leave, LeaveKind
from services.review import Decision, decide
from tests.conftest import FrozenClock
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import ADMIN_TG, BOSS_TG, STAFF_TG, Org, Send
from tests.handlers.helpers import snapshot
from tests.handlers.supervision_helpers import (
    add_employee,
    alert,
    buttons,
    last_message_with,
    press,
    say,
    sent,
    sent_texts,
    set_supervisor,
    submit,
    tap,
)

Factory = async_sessionmaker[AsyncSession]
WEDNESDAY = date(2026, 3, 4)
CANNOT_SEE = "Anda tidak dapat melihat tim itu."


async def reject(factory: Factory, org: Org, activity_id: int, clock: FrozenClock) -> None:
    async with factory() as session:
        boss = await session.get(Employee, org.boss.id)
        assert boss is not None
        await decide(session, boss, activity_id, 1, Decision.REJECT, "Tidak relevan", now=clock())


async def test_supervisor_sees_minutes_pending_leave_and_unlinked_members(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock
) -> None:
    clock.advance(days=2)  # Wednesday 09:00 WIB
    await set_supervisor(session_factory, org.newcomer, org.boss)
    for day, start, end in [(2, "08:00", "10:00"), (3, "08:00", "09:00"), (4, "08:00", "08:45")]:
        await submit(
            session_factory,
            org.staff,
            f"Kegiatan tanggal {day}",
            clock(),
            work_date=date(2026, 3, day),
            start=start,
            end=end,
        )
    rejected = await submit(
        session_factory, org.staff, "Ditolak", clock(), work_date=date(2026, 3, 3), minutes=240
    )
    await reject(session_factory, org, rejected.id, clock)
    eko = await add_employee(
        session_factory, org, 5, "Eko Cuti", clock(), supervisor=org.boss, telegram_user_id=3005
    )
    async with session_factory() as session:
        session.add(
            Leave(
                employee_id=eko.id,
                kind=LeaveKind.LEAVE,
                start_date=WEDNESDAY,
                end_date=date(2026, 3, 6),
                created_at=clock(),
            )
        )
        await session.commit()
    before = await snapshot(session_factory)

    [message] = sent(await say(send, BOSS_TG, "/tim"))

    assert message.text.split("\n") == [
        "👥 <b>Tim Bambang Atasan</b> · Rab 04/03/2026",
        "• <b>Citra Staf</b>: hari ini 45 mnt · minggu ini: 3 hari, 3 j 45 mnt"
        " · ⏳ 3 perlu verifikasi",
        "• <b>Dewi Baru</b>: ❗ belum lapor hari ini · minggu ini: 0 hari, 0 mnt"
        " · ⚠️ Telegram belum terhubung",
        "• <b>Eko Cuti</b>: Cuti · minggu ini: 0 hari, 0 mnt",
    ]
    assert buttons(message.reply_markup) == []  # nobody in the team leads a team
    assert await snapshot(session_factory) == before


async def test_someone_without_a_team(send: Send, org: Org) -> None:
    assert sent_texts(await say(send, STAFF_TG, "/tim")) == [
        "👥 <b>Tim Citra Staf</b> · Sen 02/03/2026\nTidak ada anggota tim."
    ]


async def test_drill_down_into_a_sub_team(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, fake_session: FakeSession
) -> None:
    await set_supervisor(session_factory, org.boss, org.admin)
    await submit(session_factory, org.staff, "Menyusun laporan", clock(), minutes=90)

    [overview] = sent(await say(send, ADMIN_TG, "/team"))

    assert overview.text == (
        "👥 <b>Tim Ani Admin</b> · Sen 02/03/2026\n"
        "• <b>Bambang Atasan</b>: ❗ belum lapor hari ini · minggu ini: 0 hari, 0 mnt"
    )
    assert buttons(overview.reply_markup) == [("👥 Tim Bambang Atasan", f"tm:{org.boss.id}")]

    message = last_message_with(fake_session, "👥 Tim Bambang Atasan")
    calls = await press(send, ADMIN_TG, message, "👥 Tim Bambang Atasan")

    assert sent_texts(calls) == [
        "👥 <b>Tim Bambang Atasan</b> · Sen 02/03/2026\n"
        "• <b>Citra Staf</b>: hari ini 1 j 30 mnt · minggu ini: 1 hari, 1 j 30 mnt"
        " · ⏳ 1 perlu verifikasi"
    ]


async def test_acting_official_may_see_the_replaced_supervisors_team(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock
) -> None:
    async with session_factory() as session:
        session.add(
            ActingAssignment(
                official_id=org.admin.id,
                replaced_id=org.boss.id,
                start_date=date(2026, 3, 2),
                end_date=date(2026, 3, 6),
                created_at=clock(),
            )
        )
        await session.commit()

    texts = sent_texts(await tap(send, ADMIN_TG, f"tm:{org.boss.id}"))

    assert texts == [
        "👥 <b>Tim Bambang Atasan</b> · Sen 02/03/2026\n"
        "• <b>Citra Staf</b>: ❗ belum lapor hari ini · minggu ini: 0 hari, 0 mnt"
    ]


@pytest.mark.parametrize("who", ["subordinate", "peer", "nobody"])
async def test_forged_drill_down_into_another_team_is_refused(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, who: str
) -> None:
    peer = await add_employee(
        session_factory, org, 6, "Fajar Atasan Lain", clock(), telegram_user_id=3006
    )
    await add_employee(session_factory, org, 7, "Gita", clock(), supervisor=peer)
    user_id, target = {
        "subordinate": (STAFF_TG, org.boss.id),  # below the boss, not above
        "peer": (BOSS_TG, peer.id),
        "nobody": (BOSS_TG, 999_999),
    }[who]
    before = await snapshot(session_factory)

    calls = await tap(send, user_id, f"tm:{target}")

    assert alert(calls) == CANNOT_SEE
    assert sent(calls) == []
    assert await snapshot(session_factory) == before
