"""The chat's recap use cases: authorise, fingerprint the data, render (or reuse) the PNGs.

A request is cheap (authorisation, calendar, one aggregate query per table for the data
version); rendering is not, so a front end asks `cached_*` first and shows progress only
when the picture has to be drawn.
"""

from __future__ import annotations

import asyncio
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.audit import record_read
from services.recap import access
from services.recap.access import Scope, ScopeKind, Viewer
from services.recap.cache import ChartCache
from services.recap.chart_labels import ChartLabels
from services.recap.data import Backlog, backlog, data_version
from services.recap.month import MonthRecap
from services.recap.months import Month
from services.recap.recaps import MonthContext, TeamRecap, month_context, month_recaps, team_recap


@dataclass(frozen=True)
class ChartRequest:
    context: MonthContext
    scope: Scope
    version: tuple[Any, ...]

    def key(self, labels: ChartLabels) -> Hashable:
        """Everything the picture depends on; see `data.data_version` for the activity part."""
        context = self.context
        current = Month.of(context.today) == context.month
        return (
            self.scope.kind,
            self.scope.id,
            self.scope.title,
            self.scope.members,
            context.month,
            context.today if current else None,
            context.agency.daily_target_minutes,
            context.calendar_signature(),
            self.version,
            labels,
        )


@dataclass(frozen=True)
class PersonalChart:
    recap: MonthRecap
    png: bytes


@dataclass(frozen=True)
class TeamCharts:
    recap: TeamRecap
    pngs: tuple[bytes, ...]


async def _request(
    session: AsyncSession,
    viewer: Viewer,
    kind: ScopeKind,
    scope_id: int,
    month: Month,
    now: datetime,
) -> ChartRequest:
    scope = await access.scope(session, viewer, kind, scope_id, now)
    context = await month_context(session, viewer, month, now)
    ids = [m.id for m in scope.members]
    version = await data_version(session, ids, month.start, month.end)
    return ChartRequest(context, scope, version)


async def personal_request(
    session: AsyncSession, viewer: Viewer, employee_id: int, month: Month, now: datetime
) -> ChartRequest:
    request = await _request(session, viewer, ScopeKind.PERSON, employee_id, month, now)
    await record_read(session, viewer.actor, request.scope.id, "recap", now)
    return request


async def team_request(
    session: AsyncSession,
    viewer: Viewer,
    kind: ScopeKind,
    scope_id: int,
    month: Month,
    now: datetime,
) -> ChartRequest:
    """`kind` is TEAM (a supervisor's id) or UNIT (a unit's id)."""
    if kind is ScopeKind.PERSON:
        raise ValueError("a team recap needs a team or a unit")
    return await _request(session, viewer, kind, scope_id, month, now)


async def team_backlog(session: AsyncSession, request: ChartRequest) -> Backlog:
    """Live (not cached): what waits for verification now, in any month."""
    return await backlog(session, [m.id for m in request.scope.members])


def _render_team(recap: TeamRecap, labels: ChartLabels) -> tuple[bytes, ...]:
    from services.recap.charts import team_chart  # matplotlib: imported when first drawn

    pages = recap.pages()
    return tuple(
        team_chart(
            people, recap.columns, recap.today, recap.scope.title, number, len(pages), labels
        )
        for number, people in enumerate(pages, 1)
    )


class RecapCharts:
    """Renders month charts and team heat-maps, keeping the results in a `ChartCache`."""

    def __init__(self, max_entries: int = 128) -> None:
        self.cache: ChartCache[PersonalChart | TeamCharts] = ChartCache(max_entries)

    def cached_personal(self, request: ChartRequest, labels: ChartLabels) -> PersonalChart | None:
        found = self.cache.get(request.key(labels))
        return found if isinstance(found, PersonalChart) else None

    def cached_team(self, request: ChartRequest, labels: ChartLabels) -> TeamCharts | None:
        found = self.cache.get(request.key(labels))
        return found if isinstance(found, TeamCharts) else None

    async def personal(
        self, session: AsyncSession, request: ChartRequest, labels: ChartLabels
    ) -> PersonalChart:
        from services.recap.charts import month_chart  # matplotlib: imported when first drawn

        [recap] = await month_recaps(session, request.context, request.scope.members)
        chart = PersonalChart(recap, await asyncio.to_thread(month_chart, recap, labels))
        self.cache.put(request.key(labels), chart)
        return chart

    async def team(
        self, session: AsyncSession, request: ChartRequest, labels: ChartLabels
    ) -> TeamCharts:
        recap = await team_recap(session, request.context, request.scope)
        charts = TeamCharts(recap, await asyncio.to_thread(_render_team, recap, labels))
        self.cache.put(request.key(labels), charts)
        return charts
