"""Who verifies a day's work: the supervisor of that day (posting history), then along the
chain of leavers to whoever took over, with a bound that a loop in the data cannot defeat."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from models import Departure, Employee, LeaveReason, Posting
from services.postings import supervisor_on, verifier_on
from tests.factories import make_agency, make_employee, make_unit
from tests.services.reminder_helpers import utc

NOW = utc(2026, 3, 2, 3, 0)
MOVED = date(2026, 2, 1)


def left(who: Employee, successor: Employee | None) -> Departure:
    return Departure(
        employee_id=who.id,
        reason=LeaveReason.RETIRED,
        left_on=date(2026, 2, 27),
        successor_id=successor.id if successor else None,
        created_at=NOW,
    )


async def people(session: AsyncSession, count: int) -> list[Employee]:
    agency = await make_agency(session, NOW)
    unit = await make_unit(session, agency)
    made = [await make_employee(session, agency, unit, i + 1, NOW) for i in range(count)]
    await session.flush()
    return made


async def test_a_person_never_transferred_is_verified_by_the_supervisor_on_their_row(
    session: AsyncSession,
) -> None:
    boss, staff = await people(session, 2)
    staff.supervisor_id = boss.id
    await session.commit()
    assert await supervisor_on(session, staff.id, MOVED) == boss.id
    assert await verifier_on(session, staff.id, MOVED) == boss.id
    assert await verifier_on(session, boss.id, MOVED) is None
    assert await verifier_on(session, 999_999, MOVED) is None


async def test_the_supervisor_of_the_day_comes_from_the_postings(session: AsyncSession) -> None:
    old_boss, new_boss, staff = await people(session, 3)
    staff.supervisor_id = new_boss.id
    for valid_from, boss in ((date(2025, 1, 1), old_boss), (MOVED, new_boss)):
        session.add(
            Posting(
                employee_id=staff.id,
                unit_id=staff.unit_id,
                supervisor_id=boss.id,
                position=staff.position,
                valid_from=valid_from,
                created_at=NOW,
            )
        )
    await session.commit()
    assert await verifier_on(session, staff.id, date(2024, 6, 3)) == old_boss.id  # before any
    assert await verifier_on(session, staff.id, date(2026, 1, 30)) == old_boss.id
    assert await verifier_on(session, staff.id, MOVED) == new_boss.id


async def test_work_follows_a_chain_of_leavers_to_whoever_is_still_there(
    session: AsyncSession,
) -> None:
    head, middle, boss, staff = await people(session, 4)
    staff.supervisor_id = boss.id
    session.add_all([left(boss, middle), left(middle, head)])
    await session.commit()
    assert await verifier_on(session, staff.id, MOVED) == head.id


async def test_a_leaver_without_successor_leaves_the_work_with_nobody(
    session: AsyncSession,
) -> None:
    boss, staff = await people(session, 2)
    staff.supervisor_id = boss.id
    session.add(left(boss, None))
    await session.commit()
    assert await verifier_on(session, staff.id, MOVED) is None


async def test_a_loop_of_successors_ends_instead_of_hanging(session: AsyncSession) -> None:
    a, b, staff = await people(session, 3)
    staff.supervisor_id = a.id
    session.add_all([left(a, b), left(b, a)])
    await session.commit()
    assert await verifier_on(session, staff.id, MOVED) in {a.id, b.id}
