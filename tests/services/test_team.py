"""/tim: minutes today and this week, days reported, pending, leave, linked, team leaders."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import LeaveKind
from services.errors import NotAllowed, NotFound
from services.leave import cancel_leave, declare_leave
from services.reporting import delete_activity
from services.review import Decision, decide
from services.team import MemberStatus, team_view
from tests.conftest import FrozenClock
from tests.factories import make_employee
from tests.services.review_helpers import ReviewOrg, at_wib, make_review_org, submit

Factory = async_sessionmaker[AsyncSession]
FRIDAY = date(2026, 2, 27)  # the week before
MONDAY = date(2026, 3, 2)
TUESDAY = date(2026, 3, 3)
WEDNESDAY = date(2026, 3, 4)


def _row(m: MemberStatus) -> tuple[object, ...]:
    return (
        m.employee.id,
        m.minutes_today,
        m.minutes_week,
        m.days_reported_week,
        m.pending,
        m.leave_today,
        m.linked,
        m.leads_team,
    )


async def _busy_week(session: AsyncSession, org: ReviewOrg, clock: FrozenClock) -> None:
    """Wednesday 4 March 09:00 WIB, after a few days of reports and decisions."""
    clock.now = at_wib(WEDNESDAY, 9)
    a, s = org.assessor, org.staff

    await submit(session, s, clock(), day=MONDAY, minutes=60, start="08:00", end="09:00")
    revised = await submit(session, s, clock(), day=MONDAY, start="09:00", end="09:15")
    await decide(session, a, revised.id, 1, Decision.REVISION, "Lengkapi", now=clock())
    approved = await submit(session, s, clock(), day=TUESDAY, start="08:00", end="09:30")
    await decide(session, a, approved.id, 1, Decision.APPROVE, None, now=clock())
    rejected = await submit(session, s, clock(), day=TUESDAY, start="10:00", end="10:30")
    await decide(session, a, rejected.id, 1, Decision.REJECT, "Bukan tugas", now=clock())
    await submit(session, s, clock(), day=WEDNESDAY, start="07:30", end="08:15")
    gone = await submit(session, s, clock(), day=WEDNESDAY, start="10:00", end="10:20")
    await delete_activity(session, s, gone.id, 1, now=clock())
    await submit(session, s, clock(), day=FRIDAY, start="08:00", end="10:00")
    leave = await declare_leave(
        session, s, LeaveKind.LEAVE, WEDNESDAY, WEDNESDAY, None, now=clock()
    )
    await cancel_leave(session, s, leave.id, now=clock())
    inactive_sub = await make_employee(
        session, org.agency, org.unit, 41, clock(), name="Nonaktif", supervisor=s
    )
    inactive_sub.active = False

    only_rejected = await submit(session, org.staff2, clock(), day=TUESDAY)
    await decide(session, a, only_rejected.id, 1, Decision.REJECT, "Ulangi", now=clock())
    await declare_leave(
        session, org.staff2, LeaveKind.SICK, WEDNESDAY, date(2026, 3, 5), "Demam", now=clock()
    )
    await make_employee(
        session, org.agency, org.unit, 42, clock(), name="Bawahan", supervisor=org.staff2
    )
    gone_member = await make_employee(
        session, org.agency, org.unit, 43, clock(), name="Pensiun", supervisor=a
    )
    gone_member.active = False
    await session.commit()


async def test_team_view_counts_per_member(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    await _busy_week(session, org, clock)

    view = await team_view(session, org.assessor, clock())

    assert (view.supervisor.id, view.day) == (org.assessor.id, WEDNESDAY)
    assert [_row(m) for m in view.members] == [
        # Staf Dua: only rejected work, sick today, not linked, leads one person
        (org.staff2.id, 0, 0, 0, 0, LeaveKind.SICK, False, True),
        # Staf Satu: today 45; week 60 + 15 (revision) + 90 (approved) + 45; rejected, deleted
        # and last Friday's work not counted; pending Monday, Wednesday and Friday
        (org.staff.id, 45, 210, 3, 3, None, True, False),
    ]


async def test_team_view_is_the_same_for_the_supervisor_above(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    await _busy_week(session, org, clock)

    own = await team_view(session, org.assessor, clock())
    from_above = await team_view(session, org.head, clock(), org.assessor.id)

    assert from_above.supervisor.id == org.assessor.id
    assert [_row(m) for m in from_above.members] == [_row(m) for m in own.members]


async def test_head_sees_own_team_with_leaders_marked(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    view = await team_view(session, org.head, clock())
    assert [(m.employee.id, m.leads_team) for m in view.members] == [
        (org.admin.id, False),
        (org.assessor.id, True),
        (org.other_boss.id, True),
        (org.plt.id, False),
    ]
    assert view.day == MONDAY


@pytest.mark.parametrize("viewer", ["head", "assessor", "staff2"])
async def test_drill_down_two_levels_down_is_allowed(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock, viewer: str
) -> None:
    org = await make_review_org(session, clock())
    sub = await make_employee(
        session, org.agency, org.unit, 42, clock(), name="Bawahan", supervisor=org.staff2
    )
    await session.commit()

    view = await team_view(session, getattr(org, viewer), clock(), org.staff2.id)

    assert view.supervisor.id == org.staff2.id
    assert [m.employee.id for m in view.members] == [sub.id]


@pytest.mark.parametrize(
    ("viewer", "team_of"),
    [
        ("other_boss", "assessor"),  # a peer
        ("staff", "staff2"),  # a peer one level lower
        ("staff", "assessor"),  # one's own supervisor's team
        ("staff2", "assessor"),
        ("assessor", "head"),  # upwards
        ("other_boss", "staff2"),  # another branch, two levels down
        ("admin", "assessor"),  # an admin is not in the reporting line
        ("plt", "assessor"),  # no acting assignment
    ],
)
async def test_drill_down_outside_the_reporting_line_is_refused(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock, viewer: str, team_of: str
) -> None:
    org = await make_review_org(session, clock())
    with pytest.raises(NotAllowed):
        await team_view(session, getattr(org, viewer), clock(), getattr(org, team_of).id)


async def test_unknown_supervisor_is_not_found(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    with pytest.raises(NotFound):
        await team_view(session, org.head, clock(), org.admin.id + 999)


async def test_week_runs_monday_to_sunday(
    session: AsyncSession, session_factory: Factory, clock: FrozenClock
) -> None:
    org = await make_review_org(session, clock())
    await submit(session, org.staff, clock(), day=FRIDAY, minutes=100)  # last week
    clock.now = at_wib(date(2026, 3, 8), 20)  # Sunday evening
    await submit(session, org.staff, clock(), day=date(2026, 3, 6), minutes=30)
    await submit(session, org.staff, clock(), day=date(2026, 3, 8), minutes=20)

    [staff] = [
        m
        for m in (await team_view(session, org.assessor, clock())).members
        if m.employee.id == org.staff.id
    ]
    assert (staff.minutes_today, staff.minutes_week, staff.days_reported_week) == (20, 50, 2)

    clock.now = at_wib(date(2026, 3, 9), 9)  # Monday: a new week
    [staff] = [
        m
        for m in (await team_view(session, org.assessor, clock())).members
        if m.employee.id == org.staff.id
    ]
    assert (staff.minutes_today, staff.minutes_week, staff.days_reported_week, staff.pending) == (
        0,
        0,
        0,
        3,
    )
