"""The month chart and the team heat-maps are real PNGs of a readable size; large teams are
split over several images; the cache serves a second request and never a stale picture."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from PIL import Image
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from models import Activity, ActivityStatus
from services.recap.access import ScopeKind, Viewer
from services.recap.charts import ChartLabels
from services.recap.months import Month
from services.recap.views import RecapCharts, personal_request, team_request
from tests.factories import make_employee
from tests.services.recap_helpers import NOW, add_leave, make_recap_org, march_of_staff

MARCH = Month(2026, 3)
LABELS = ChartLabels(
    month="Maret 2026",
    minutes="menit",
    minutes_short="mnt",
    target="Target {minutes} mnt",
    approved="Disetujui",
    submitted="Menunggu",
    revision="Revisi",
    rejected="Ditolak",
    reported="Dilaporkan",
    missing="Tidak lapor",
    leave="Cuti",
    holiday="Libur",
    off="Akhir pekan",
    today="Hari ini",
    not_yet="Belum",
    page="{page}/{pages}",
)
APPROVED_GREEN = (0x2E, 0x7D, 0x32)
# Drawing does not depend on the database (the queries are tested on both elsewhere).
RENDER_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def image(data: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture


def colours(picture: Image.Image) -> set[tuple[int, int, int]]:
    return {rgb for _count, rgb in picture.convert("RGB").getcolors(maxcolors=1_000_000) or []}


@RENDER_ONLY
async def test_the_month_chart_is_a_readable_png(session: AsyncSession) -> None:
    org = await make_recap_org(session)
    await march_of_staff(session, org)
    charts = RecapCharts()
    request = await personal_request(session, Viewer.of(org.staff), org.staff.id, MARCH, NOW)

    chart = await charts.personal(session, request, LABELS)

    picture = image(chart.png)
    assert picture.format == "PNG"
    assert picture.size == (1000, 540)
    found = colours(picture)
    assert len(found) > 20  # text, bars, backgrounds: not a blank canvas
    assert APPROVED_GREEN in found
    assert chart.recap.approved_minutes == 1920


@RENDER_ONLY
async def test_a_large_team_is_split_over_several_heatmaps(session: AsyncSession) -> None:
    org = await make_recap_org(session)
    for i in range(43):  # boss has 2 people already: 45 in all
        await make_employee(
            session,
            org.agency,
            org.unit_a,
            200 + i,
            NOW,
            name=f"Pegawai {i:02d}",
            supervisor=org.boss,
        )
    await session.commit()
    charts = RecapCharts()
    request = await team_request(
        session, Viewer.of(org.boss), ScopeKind.TEAM, org.boss.id, MARCH, NOW
    )

    result = await charts.team(session, request, LABELS)

    assert [len(page) for page in result.recap.pages()] == [20, 20, 5]
    pictures = [image(png) for png in result.pngs]
    assert len(pictures) == 3
    for picture in pictures:
        width, height = picture.size
        assert 1000 <= width <= 1400
        assert 250 <= height <= 1000
        assert len(colours(picture)) > 10
    assert pictures[0].size[1] > pictures[2].size[1]  # 20 rows are taller than 5


async def test_the_second_request_is_served_from_the_cache_until_the_data_changes(
    session: AsyncSession,
) -> None:
    org = await make_recap_org(session)
    await march_of_staff(session, org)
    charts, viewer = RecapCharts(), Viewer.of(org.staff)

    async def request_now(now=NOW):  # type: ignore[no-untyped-def]
        return await personal_request(session, viewer, org.staff.id, MARCH, now)

    first = await charts.personal(session, await request_now(), LABELS)
    assert charts.cached_personal(await request_now(), LABELS) is first

    # A decision at the same (frozen) instant: updated_at repeats, the version sum moves.
    await session.execute(
        update(Activity)
        .where(Activity.status == ActivityStatus.SUBMITTED)
        .values(status=ActivityStatus.APPROVED, version=Activity.version + 1)
    )
    await session.commit()
    assert charts.cached_personal(await request_now(), LABELS) is None
    second = await charts.personal(session, await request_now(), LABELS)
    assert second.recap.approved_minutes == 1920 + 180

    await add_leave(session, org.staff, date(2026, 3, 27), date(2026, 3, 27))
    assert charts.cached_personal(await request_now(), LABELS) is None
    await charts.personal(session, await request_now(), LABELS)
    # Tomorrow the same data is drawn differently (today moves).
    assert charts.cached_personal(await request_now(NOW + timedelta(days=1)), LABELS) is None
    # Someone else's view of the same month has the same key, so it is shared.
    boss_view = await personal_request(session, Viewer.of(org.boss), org.staff.id, MARCH, NOW)
    assert charts.cached_personal(boss_view, LABELS) is not None
