"""One person's month: the state of every day and the numbers under the chart.

Definitions (also in the README):
- a *workday* is an agency workday (its weekdays, minus national holidays and cuti bersama,
  with the admin's overrides); a workday on leave / sick leave / official travel is excused;
- a workday is *due* once it is over, or today once something is reported (so the morning
  does not count as missing);
- a due day is *reported* when it has an activity that is not rejected;
- only **approved** minutes count toward the target (DOMAIN §3); the month's ratio is
  `min(approved, cap) / (required workdays × daily target)` with `cap` = the denominator, so
  extra minutes never lift it above 100 %;
- the *streak* is the run of reported due days ending at the last due day of the view.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from models import ActivityStatus, LeaveKind
from services.calendar import WorkCalendar
from services.recap.access import Member
from services.recap.data import DayTotals
from services.recap.months import Month


class DayState(enum.StrEnum):
    APPROVED = "approved"  # reported, and everything that counts is approved
    REPORTED = "reported"  # reported, something still waits for a decision or a revision
    MISSING = "missing"  # a due workday without a report
    LEAVE = "leave"
    HOLIDAY = "holiday"
    OFF = "off"  # not an agency weekday
    NOT_YET = "not_yet"  # future, or today before anything is reported


@dataclass(frozen=True)
class RecapDay:
    day: date
    state: DayState
    workday: bool
    holiday: str | None
    leave: LeaveKind | None
    due: bool
    reported: bool
    approved: int
    submitted: int
    revision: int
    rejected: int
    submitted_count: int
    revision_count: int


def weekdays_of(workdays: str) -> frozenset[int]:
    return frozenset(int(ch) for ch in workdays if ch in "1234567")


def _state(
    workday: bool, holiday: str | None, leave: LeaveKind | None, totals: DayTotals, past: bool
) -> DayState:
    if not workday:
        return DayState.HOLIDAY if holiday else DayState.OFF
    if leave is not None:
        return DayState.LEAVE
    if totals.reported:
        if totals.open or not totals.of(ActivityStatus.APPROVED):
            return DayState.REPORTED
        return DayState.APPROVED
    return DayState.MISSING if past else DayState.NOT_YET


CalendarDay = tuple[date, bool, str | None]  # (day, is a workday, holiday name)


def calendar_days(month: Month, calendar: WorkCalendar) -> list[CalendarDay]:
    """The month's days as the agency calendar sees them (computed once per recap)."""
    days = []
    for day in month.days():
        workday = calendar.is_workday(day)
        days.append((day, workday, None if workday else calendar.holiday_name(day)))
    return days


def build_day(
    calendar_day: CalendarDay, today: date, totals: DayTotals, leave: LeaveKind | None
) -> RecapDay:
    day, workday, holiday = calendar_day
    reported = totals.reported
    due = workday and leave is None and (day < today or (day == today and reported))
    return RecapDay(
        day=day,
        state=_state(workday, holiday, leave, totals, day < today),
        workday=workday,
        holiday=holiday,
        leave=leave,
        due=due,
        reported=due and reported,
        approved=totals.of(ActivityStatus.APPROVED),
        submitted=totals.of(ActivityStatus.SUBMITTED),
        revision=totals.of(ActivityStatus.REVISION),
        rejected=totals.of(ActivityStatus.REJECTED),
        submitted_count=totals.count(ActivityStatus.SUBMITTED),
        revision_count=totals.count(ActivityStatus.REVISION),
    )


@dataclass(frozen=True)
class MonthRecap:
    member: Member
    month: Month
    today: date
    target_minutes: int
    days: tuple[RecapDay, ...]

    @property
    def workdays(self) -> int:
        """Agency workdays in the month (before leave)."""
        return sum(1 for d in self.days if d.workday)

    @property
    def leave_days(self) -> int:
        return sum(1 for d in self.days if d.workday and d.leave is not None)

    @property
    def required_days(self) -> int:
        return self.workdays - self.leave_days

    @property
    def due_days(self) -> int:
        return sum(1 for d in self.days if d.due)

    @property
    def reported_days(self) -> int:
        return sum(1 for d in self.days if d.reported)

    @property
    def approved_minutes(self) -> int:
        return sum(d.approved for d in self.days)

    @property
    def target_to_date(self) -> int:
        return self.due_days * self.target_minutes

    @property
    def pending(self) -> int:
        return sum(d.submitted_count for d in self.days)

    @property
    def revision(self) -> int:
        return sum(d.revision_count for d in self.days)

    @property
    def compliance_percent(self) -> int | None:
        """Reported due days / due days, rounded down; None before anything is due."""
        return self.reported_days * 100 // self.due_days if self.due_days else None

    @property
    def month_target(self) -> int:
        return self.required_days * self.target_minutes

    @property
    def ratio(self) -> float | None:
        """The TPP activity ratio of the month, capped at 1 (None without required days)."""
        denominator = self.month_target
        return min(self.approved_minutes, denominator) / denominator if denominator else None

    @property
    def streak(self) -> int:
        run = 0
        for day in reversed(self.days):
            if not day.due:
                continue
            if not day.reported:
                break
            run += 1
        return run


def build_month(
    member: Member,
    month: Month,
    today: date,
    calendar: WorkCalendar | list[CalendarDay],
    target_minutes: int,
    totals: dict[date, DayTotals],
    leaves: dict[date, LeaveKind],
) -> MonthRecap:
    """`calendar` may be given as `calendar_days(month, calendar)`, to share it between people."""
    days_of_month = calendar if isinstance(calendar, list) else calendar_days(month, calendar)
    empty = DayTotals()
    days = tuple(
        build_day(cal_day, today, totals.get(cal_day[0], empty), leaves.get(cal_day[0]))
        for cal_day in days_of_month
    )
    return MonthRecap(member, month, today, target_minutes, days)


def heatmap_columns(month: Month, calendar: WorkCalendar, weekdays: frozenset[int]) -> list[date]:
    """The days a team heat-map shows: workdays, and holidays that fall on agency weekdays."""
    return [
        day
        for day in month.days()
        if calendar.is_workday(day)
        or (day.isoweekday() in weekdays and calendar.holiday_name(day) is not None)
    ]
