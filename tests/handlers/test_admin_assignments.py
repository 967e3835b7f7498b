"""Admin /atasan (change an employee's assessor) and /plt (an acting official for dates)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import ActivityStatus, AuditLog, Employee
from tests.conftest import FrozenClock
from tests.factories import make_agency, make_employee, make_nip, make_unit
from tests.fakes.bot_session import FakeSession
from tests.handlers.conftest import ADMIN_TG, BOSS_TG, STAFF_TG, Org, Send
from tests.handlers.helpers import reply_text, snapshot
from tests.handlers.supervision_helpers import (
    FALLBACK,
    NIP_NOT_FOUND,
    acting_assignments,
    activities,
    load,
    press,
    review_cards,
    rows,
    say,
    submit,
)

Factory = async_sessionmaker[AsyncSession]
ATASAN_USAGE = "Cara pakai: /atasan &lt;NIP pegawai&gt; &lt;NIP penilai baru&gt;"
PLT_DATES = "Tanggal selesai harus setelah tanggal mulai, dalam satu tahun."
PLT_USAGE = (
    "Cara pakai: /plt &lt;NIP Plt/Plh&gt; &lt;NIP pejabat yang digantikan&gt; &lt;1/12 - 31/12&gt;"
)
LOOP = "Itu membuat rantai atasan berputar; tidak ada yang diubah."


# --- /atasan ----------------------------------------------------------------------------------


async def test_admin_changes_an_assessor(send: Send, org: Org, session_factory: Factory) -> None:
    text = reply_text(await say(send, ADMIN_TG, f"/atasan {org.newcomer.nip} {org.boss.nip}"))

    assert text == "✅ Bambang Atasan kini menjadi penilai Dewi Baru."
    assert (await load(session_factory, Employee, org.newcomer.id)).supervisor_id == org.boss.id
    [audit] = await rows(
        session_factory, AuditLog, AuditLog.action == "employee.reassign_supervisor"
    )
    assert (audit.actor_id, audit.entity_id) == (org.admin.id, org.newcomer.id)
    assert (audit.before, audit.after) == ({"supervisor_id": None}, {"supervisor_id": org.boss.id})


async def test_new_assessor_takes_over_verification(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, fake_session: FakeSession
) -> None:
    await submit(session_factory, org.staff, "Menyusun laporan", clock())

    await say(send, ADMIN_TG, f"/assessor {org.staff.nip} {org.admin.nip}")

    assert reply_text(await say(send, BOSS_TG, "/verifikasi")) == (
        "✔️ Tidak ada yang menunggu verifikasi Anda."
    )
    [card] = await review_cards(send, fake_session, ADMIN_TG)
    assert card.text.startswith("🧾 <b>Citra Staf</b>")


@pytest.mark.parametrize(
    "args",
    ["", "{staff}", "{staff} {boss} {admin}"],
    ids=["none", "one", "three"],
)
async def test_atasan_with_wrong_arguments_shows_usage(
    send: Send, org: Org, session_factory: Factory, args: str
) -> None:
    before = await snapshot(session_factory)
    command = f"/atasan {args.format(staff=org.staff.nip, boss=org.boss.nip, admin=org.admin.nip)}"

    assert reply_text(await say(send, ADMIN_TG, command.strip())) == ATASAN_USAGE
    assert await snapshot(session_factory) == before


@pytest.mark.parametrize("which", ["employee", "assessor"])
@pytest.mark.parametrize("nip", ["19800101", make_nip(99)], ids=["malformed", "unknown"])
async def test_atasan_with_a_bad_nip_changes_nothing(
    send: Send, org: Org, session_factory: Factory, which: str, nip: str
) -> None:
    before = await snapshot(session_factory)
    pair = (nip, org.boss.nip) if which == "employee" else (org.newcomer.nip, nip)

    assert reply_text(await say(send, ADMIN_TG, "/atasan {} {}".format(*pair))) == NIP_NOT_FOUND
    assert await snapshot(session_factory) == before


async def test_atasan_cannot_reach_into_another_agency(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock
) -> None:
    async with session_factory() as session:
        agency = await make_agency(session, clock())
        unit = await make_unit(session, agency, "Dinas Lain")
        outsider = await make_employee(session, agency, unit, 50, clock())
        await session.commit()
    before = await snapshot(session_factory)

    text = reply_text(await say(send, ADMIN_TG, f"/atasan {outsider.nip} {org.boss.nip}"))

    assert text == NIP_NOT_FOUND
    assert await snapshot(session_factory) == before


@pytest.mark.parametrize(
    ("employee", "assessor"),
    [("boss", "staff"), ("boss", "boss"), ("admin", "staff")],
    ids=["direct-loop", "self", "deep-loop"],
)
async def test_atasan_refuses_a_loop(
    send: Send, org: Org, session_factory: Factory, employee: str, assessor: str
) -> None:
    # admin → boss → staff (the admin assesses the boss, who assesses Citra)
    async with session_factory() as session:
        boss = await session.get(Employee, org.boss.id)
        assert boss is not None
        boss.supervisor_id = org.admin.id
        await session.commit()
    before = await snapshot(session_factory)
    nips = {"admin": org.admin.nip, "boss": org.boss.nip, "staff": org.staff.nip}

    text = reply_text(await say(send, ADMIN_TG, f"/atasan {nips[employee]} {nips[assessor]}"))

    assert text == LOOP
    assert await snapshot(session_factory) == before


async def test_non_admin_gets_the_fallback_for_atasan(
    send: Send, org: Org, session_factory: Factory
) -> None:
    before = await snapshot(session_factory)

    text = reply_text(await say(send, BOSS_TG, f"/atasan {org.staff.nip} {org.boss.nip}"))

    assert text == FALLBACK
    assert await snapshot(session_factory) == before


# --- /plt -------------------------------------------------------------------------------------


async def test_admin_sets_an_acting_official_who_can_then_verify(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock, fake_session: FakeSession
) -> None:
    report = await submit(session_factory, org.staff, "Menyusun laporan", clock())

    text = reply_text(await say(send, ADMIN_TG, f"/plt {org.admin.nip} {org.boss.nip} 2/3 - 6/3"))

    assert text == "✅ Plt/Plh ditetapkan dari 02/03/2026 sampai 06/03/2026."
    [assignment] = await acting_assignments(session_factory)
    assert (assignment.official_id, assignment.replaced_id) == (org.admin.id, org.boss.id)
    assert (assignment.start_date, assignment.end_date) == (date(2026, 3, 2), date(2026, 3, 6))
    assert assignment.created_by_id == org.admin.id
    [audit] = await rows(session_factory, AuditLog, AuditLog.action == "acting.assign")
    assert audit.after == {
        "official_id": org.admin.id,
        "replaced_id": org.boss.id,
        "start_date": "2026-03-02",
        "end_date": "2026-03-06",
    }

    [card] = await review_cards(send, fake_session, ADMIN_TG)
    await press(send, ADMIN_TG, card, "✅ 1")

    [stored] = await activities(session_factory)
    assert (stored.id, stored.status, stored.decided_by_id) == (
        report.id,
        ActivityStatus.APPROVED,
        org.admin.id,
    )


async def test_acting_ends_after_its_dates(
    send: Send, org: Org, session_factory: Factory, clock: FrozenClock
) -> None:
    await submit(session_factory, org.staff, "Menyusun laporan", clock())
    await say(send, ADMIN_TG, f"/acting {org.admin.nip} {org.boss.nip} 2/3")
    [assignment] = await acting_assignments(session_factory)
    assert assignment.start_date == assignment.end_date == date(2026, 3, 2)

    clock.advance(days=1)

    assert reply_text(await say(send, ADMIN_TG, "/verifikasi")) == (
        "✔️ Tidak ada yang menunggu verifikasi Anda."
    )


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ("31/2", "Tanggal itu tidak ada."),
        (
            "kapan saja",
            "Tulis tanggal seperti 1/12 atau 2026-12-01, atau rentang seperti 1/12 - 3/12.",
        ),
        ("6/3 - 2/3", PLT_DATES),  # end before start
        ("1/1/2026 - 31/3/2027", PLT_DATES),  # longer than a year
    ],
    ids=["no-such-day", "words", "reversed", "too-long"],
)
async def test_plt_with_bad_dates_changes_nothing(
    send: Send, org: Org, session_factory: Factory, dates: str, expected: str
) -> None:
    before = await snapshot(session_factory)

    text = reply_text(await say(send, ADMIN_TG, f"/plt {org.admin.nip} {org.boss.nip} {dates}"))

    assert text == expected
    assert await snapshot(session_factory) == before


async def test_plt_for_oneself_is_refused(send: Send, org: Org, session_factory: Factory) -> None:
    before = await snapshot(session_factory)

    text = reply_text(await say(send, ADMIN_TG, f"/plt {org.boss.nip} {org.boss.nip} 2/3"))

    assert text == "Pejabat tidak dapat menjadi Plt/Plh untuk dirinya sendiri."
    assert await snapshot(session_factory) == before


@pytest.mark.parametrize(
    "args",
    ["", "{admin} {boss}"],
    ids=["none", "no-dates"],
)
async def test_plt_usage(send: Send, org: Org, session_factory: Factory, args: str) -> None:
    before = await snapshot(session_factory)
    command = f"/plt {args.format(admin=org.admin.nip, boss=org.boss.nip)}".strip()

    assert reply_text(await say(send, ADMIN_TG, command)) == PLT_USAGE
    assert await snapshot(session_factory) == before


async def test_plt_with_an_unknown_nip_changes_nothing(
    send: Send, org: Org, session_factory: Factory
) -> None:
    before = await snapshot(session_factory)

    text = reply_text(await say(send, ADMIN_TG, f"/plt {make_nip(99)} {org.boss.nip} 2/3"))

    assert text == NIP_NOT_FOUND
    assert await snapshot(session_factory) == before


async def test_non_admin_gets_the_fallback_for_plt(
    send: Send, org: Org, session_factory: Factory
) -> None:
    before = await snapshot(session_factory)

    text = reply_text(await say(send, STAFF_TG, f"/plt {org.staff.nip} {org.boss.nip} 2/3"))

    assert text == FALLBACK
    assert await snapshot(session_factory) == before
