"""/jejak: my own audit trail; an admin may add a NIP to see someone else's."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Employee
from services.feedback import give_feedback
from services.review import Decision, decide
from tests.conftest import FrozenClock
from tests.factories import make_agency, make_employee, make_nip, make_unit
from tests.handlers.conftest import ADMIN_TG, BOSS_TG, STAFF_TG, Org, Send
from tests.handlers.helpers import reply_text, snapshot
from tests.handlers.supervision_helpers import NIP_NOT_FOUND, say, submit

Factory = async_sessionmaker[AsyncSession]
ONLY_ADMIN = "Hanya admin yang dapat melihat jejak orang lain."


async def staff_history(factory: Factory, org: Org, clock: FrozenClock) -> tuple[int, int, int]:
    """Citra submits two reports at 09.00 WIB; at 10.30 one is rejected with a reason that
    needs escaping, and Bambang gives feedback at 11.00."""
    kept = await submit(factory, org.staff, "Menyusun laporan", clock())
    rejected = await submit(factory, org.staff, "Rapat", clock(), start="13:00", end="14:00")
    clock.advance(minutes=90)
    async with factory() as session:
        boss = await session.get(Employee, org.boss.id)
        assert boss is not None
        await decide(
            session, boss, rejected.id, 1, Decision.REJECT, "Bukan <tugas> Anda", now=clock()
        )
        clock.advance(minutes=30)
        feedback = await give_feedback(session, boss, org.staff.id, "Semangat", now=clock())
    return kept.id, rejected.id, feedback.id


async def test_own_trail_newest_first(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock
) -> None:
    kept, rejected, feedback = await staff_history(session_factory, org, clock)
    before = await snapshot(session_factory)

    text = reply_text(await say(send, STAFF_TG, "/jejak"))

    assert text.split("\n") == [
        "🧾 <b>Jejak audit: Citra Staf</b>",
        f"🕘 02/03 11.00 · umpan balik diberikan #{feedback}",
        f"🕘 02/03 10.30 · laporan ditolak #{rejected} — Bukan &lt;tugas&gt; Anda",
        f"🕘 02/03 09.00 · laporan dikirim #{rejected}",
        f"🕘 02/03 09.00 · laporan dikirim #{kept}",
    ]
    assert await snapshot(session_factory) == before


async def test_trail_shows_only_my_items(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock
) -> None:
    await staff_history(session_factory, org, clock)

    text = reply_text(await say(send, BOSS_TG, "/audit"))

    # The boss authored the feedback, so it is in their trail; Citra's reports are not.
    assert text.split("\n")[0] == "🧾 <b>Jejak audit: Bambang Atasan</b>"
    assert "umpan balik diberikan" in text
    assert "laporan" not in text


async def test_nothing_recorded_yet(send: Send, org: Org) -> None:
    assert reply_text(await say(send, ADMIN_TG, "/jejak")) == (
        "🧾 <b>Jejak audit: Ani Admin</b>\nBelum ada catatan."
    )


async def test_admin_sees_someone_elses_trail_by_nip(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock
) -> None:
    kept, _, _ = await staff_history(session_factory, org, clock)

    text = reply_text(await say(send, ADMIN_TG, f"/jejak {org.staff.nip}"))

    lines = text.split("\n")
    assert lines[0] == "🧾 <b>Jejak audit: Citra Staf</b>"
    assert lines[-1] == f"🕘 02/03 09.00 · laporan dikirim #{kept}"
    assert len(lines) == 5


async def test_non_admin_cannot_see_someone_elses_trail(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock
) -> None:
    await staff_history(session_factory, org, clock)

    assert reply_text(await say(send, BOSS_TG, f"/jejak {org.staff.nip}")) == ONLY_ADMIN


async def test_non_admin_may_name_their_own_nip(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock
) -> None:
    await staff_history(session_factory, org, clock)

    text = reply_text(await say(send, STAFF_TG, f"/jejak {org.staff.nip}"))

    assert text.startswith("🧾 <b>Jejak audit: Citra Staf</b>\n🕘 02/03 11.00")


@pytest.mark.parametrize("nip", ["12345", make_nip(99)], ids=["malformed", "unknown"])
async def test_unknown_nip(send: Send, org: Org, nip: str) -> None:
    assert reply_text(await say(send, ADMIN_TG, f"/jejak {nip}")) == NIP_NOT_FOUND


async def test_admin_cannot_see_another_agencys_employee(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock
) -> None:
    async with session_factory() as session:
        agency = await make_agency(session, clock())
        unit = await make_unit(session, agency, "Dinas Lain")
        outsider = await make_employee(session, agency, unit, 50, clock(), name="Orang Luar")
        await session.commit()

    assert reply_text(await say(send, ADMIN_TG, f"/jejak {outsider.nip}")) == NIP_NOT_FOUND
