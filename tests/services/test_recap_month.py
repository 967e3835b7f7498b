"""One person's and one team's month, against numbers computed by hand (holidays, leave, a
revision, a rejection, a deleted activity, weekend work); the TPP ratio and its cap."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from models import ActivityStatus
from services.errors import Invalid
from services.recap.access import ScopeKind, Viewer
from services.recap.access import scope as load_scope
from services.recap.data import backlog
from services.recap.month import DayState
from services.recap.months import Month
from services.recap.recaps import month_context, month_recaps, team_recap
from tests.services.recap_helpers import (
    NOW,
    add_activity,
    add_leave,
    make_recap_org,
    march_of_staff,
)

MARCH = Month(2026, 3)


async def test_the_month_of_one_person_matches_the_hand_computed_numbers(
    session: AsyncSession,
) -> None:
    org = await make_recap_org(session)
    await march_of_staff(session, org)
    viewer = Viewer.of(org.staff)
    context = await month_context(session, viewer, MARCH, NOW)
    scope = await load_scope(session, viewer, ScopeKind.PERSON, org.staff.id, NOW)

    [recap] = await month_recaps(session, context, scope.members)

    # 22 weekdays minus 18, 19, 20, 23, 24 March (cuti bersama, Nyepi) = 17 workdays.
    assert recap.workdays == 17
    assert recap.leave_days == 3  # 11–13 March
    assert recap.required_days == 14
    # Due so far: workdays before today (26th), not on leave: 2–6, 9, 10, 16, 17, 25.
    assert recap.due_days == 10
    # Not reported: the 5th (only rejected work) and the 6th (nothing).
    assert recap.reported_days == 8
    assert recap.compliance_percent == 80
    # Approved only: 300 + 240 + 360 + 300 + 300 + 120 (Saturday) + 300; not the deleted 100.
    assert recap.approved_minutes == 1920
    assert recap.target_to_date == 3000
    assert recap.month_target == 4200
    assert recap.ratio == pytest.approx(1920 / 4200)
    assert recap.streak == 5  # 25, 17, 16, (leave), 10, 9; the 6th breaks it
    assert recap.pending == 1
    assert recap.revision == 1
    states = {d.day.day: d.state for d in recap.days}
    assert [states[d] for d in (2, 3, 4, 5, 6, 9, 10)] == [
        DayState.APPROVED,
        DayState.APPROVED,  # approved and rejected work, nothing open
        DayState.REPORTED,  # revision requested
        DayState.MISSING,
        DayState.MISSING,
        DayState.REPORTED,  # waiting for verification
        DayState.APPROVED,
    ]
    assert {states[d] for d in (11, 12, 13)} == {DayState.LEAVE}
    assert {states[d] for d in (18, 19, 20, 21, 22, 23, 24)} == {DayState.HOLIDAY}
    assert [states[d] for d in (25, 26, 27)] == [
        DayState.APPROVED,
        DayState.NOT_YET,  # today, nothing yet: not missing
        DayState.NOT_YET,
    ]
    assert {states[d] for d in (1, 7, 8, 14, 15, 28, 29)} == {DayState.OFF}
    day = {d.day.day: d for d in recap.days}
    assert (day[3].approved, day[3].rejected) == (240, 60)
    assert (day[4].revision, day[9].submitted, day[21].approved) == (120, 180, 120)


async def test_reporting_today_makes_today_due_and_reported(session: AsyncSession) -> None:
    org = await make_recap_org(session)
    await march_of_staff(session, org)
    await add_activity(session, org.staff, 26, 60, ActivityStatus.SUBMITTED)
    viewer = Viewer.of(org.staff)
    context = await month_context(session, viewer, MARCH, NOW)
    scope = await load_scope(session, viewer, ScopeKind.PERSON, org.staff.id, NOW)

    [recap] = await month_recaps(session, context, scope.members)

    assert (recap.due_days, recap.reported_days, recap.streak) == (11, 9, 6)
    assert recap.days[25].state is DayState.REPORTED


async def test_a_past_month_counts_every_workday(session: AsyncSession) -> None:
    org = await make_recap_org(session)
    await add_activity(session, org.staff, date(2026, 2, 2), 300, decided_by=org.boss)
    viewer = Viewer.of(org.staff)
    context = await month_context(session, viewer, Month(2026, 2), NOW)
    scope = await load_scope(session, viewer, ScopeKind.PERSON, org.staff.id, NOW)

    [recap] = await month_recaps(session, context, scope.members)

    # February 2026: 20 weekdays minus 16 Feb (cuti bersama) and 17 Feb (Imlek).
    assert (recap.workdays, recap.due_days, recap.reported_days) == (18, 18, 1)
    assert recap.streak == 0
    assert recap.approved_minutes == 300


async def test_the_ratio_is_capped_at_the_required_minutes(session: AsyncSession) -> None:
    org = await make_recap_org(session)
    await add_activity(session, org.staff2, 2, 480, decided_by=org.boss)
    await add_leave(session, org.staff2, date(2026, 3, 3), date(2026, 3, 31))
    viewer = Viewer.of(org.boss)
    context = await month_context(session, viewer, MARCH, NOW)
    scope = await load_scope(session, viewer, ScopeKind.PERSON, org.staff2.id, NOW)

    [recap] = await month_recaps(session, context, scope.members)

    assert (recap.workdays, recap.leave_days, recap.required_days) == (17, 16, 1)
    assert recap.approved_minutes == 480
    assert recap.month_target == 300
    assert recap.ratio == 1.0


async def test_a_team_recap_has_every_member_and_the_heatmap_columns(
    session: AsyncSession,
) -> None:
    org = await make_recap_org(session)
    await march_of_staff(session, org)
    viewer = Viewer.of(org.boss)
    context = await month_context(session, viewer, MARCH, NOW)
    scope = await load_scope(session, viewer, ScopeKind.TEAM, org.boss.id, NOW)

    recap = await team_recap(session, context, scope)

    assert [p.member.name for p in recap.people] == ["Budi Santoso", "Siti Aminah"]
    # Workdays plus the weekday holidays; no weekends.
    assert [d.day for d in recap.columns] == [
        2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17, 18, 19, 20, 23, 24, 25, 26, 27, 30, 31
    ]  # fmt: skip
    budi, siti = recap.people
    assert (budi.due_days, budi.reported_days, budi.compliance_percent) == (13, 0, 0)  # no leave
    assert siti.approved_minutes == 1920
    assert recap.approved_minutes == 1920
    assert recap.compliance_percent == 8 * 100 // 23
    waiting = await backlog(session, [m.id for m in scope.members])
    assert waiting.count == 1
    assert waiting.oldest is not None


async def test_a_future_month_is_refused(session: AsyncSession) -> None:
    org = await make_recap_org(session)
    with pytest.raises(Invalid, match="month_future"):
        await month_context(session, Viewer.of(org.staff), Month(2026, 4), NOW)
