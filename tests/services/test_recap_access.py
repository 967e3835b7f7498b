"""Who may see whose recap: the matrix, acting officials inside and outside their dates,
admins for any unit subtree, and nothing across agencies."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from services.errors import NotAllowed, NotFound
from services.recap.access import ScopeKind, Viewer, scope
from tests.factories import make_agency, make_employee, make_unit
from tests.services.recap_helpers import NOW, RecapOrg, add_acting, make_recap_org

PEOPLE = ("head", "boss", "staff", "staff2", "junior", "other", "admin", "plt")
# viewer -> the people whose recap they may see
MAY_SEE = {
    "head": {"head", "boss", "staff", "staff2", "junior", "other", "plt"},
    "boss": {"boss", "staff", "staff2", "junior"},
    "staff": {"staff", "junior"},
    "staff2": {"staff2"},
    "junior": {"junior"},
    "other": {"other"},
    "admin": set(PEOPLE),
    "plt": {"plt"},
}


def _who(org: RecapOrg, name: str):  # type: ignore[no-untyped-def]
    return getattr(org, name)


@pytest.mark.parametrize("viewer", PEOPLE)
async def test_person_recap_matrix(session: AsyncSession, viewer: str) -> None:
    org = await make_recap_org(session)
    seen = set()
    for target in PEOPLE:
        try:
            await scope(
                session, Viewer.of(_who(org, viewer)), ScopeKind.PERSON, _who(org, target).id, NOW
            )
        except NotAllowed:
            continue
        seen.add(target)
    assert seen == MAY_SEE[viewer]


async def test_an_acting_official_sees_the_team_only_on_their_dates(session: AsyncSession) -> None:
    org = await make_recap_org(session)
    await add_acting(session, org.plt, org.boss, date(2026, 3, 20), date(2026, 3, 31))
    viewer = Viewer.of(org.plt)

    team = await scope(session, viewer, ScopeKind.TEAM, org.plt.id, NOW)
    junior = await scope(session, viewer, ScopeKind.PERSON, org.junior.id, NOW)

    assert [m.name for m in team.members] == ["Budi Santoso", "Siti Aminah"]
    assert junior.members[0].id == org.junior.id
    after = NOW.replace(month=4, day=2)
    team_later = await scope(session, viewer, ScopeKind.TEAM, org.plt.id, after)
    assert team_later.members == ()
    with pytest.raises(NotAllowed):
        await scope(session, viewer, ScopeKind.PERSON, org.staff.id, after)


async def test_team_scopes(session: AsyncSession) -> None:
    org = await make_recap_org(session)

    own = await scope(session, Viewer.of(org.boss), ScopeKind.TEAM, org.boss.id, NOW)
    below = await scope(session, Viewer.of(org.head), ScopeKind.TEAM, org.boss.id, NOW)

    assert [m.name for m in own.members] == ["Budi Santoso", "Siti Aminah"]
    assert below.members == own.members
    with pytest.raises(NotAllowed):
        await scope(session, Viewer.of(org.staff), ScopeKind.TEAM, org.boss.id, NOW)
    with pytest.raises(NotAllowed):
        await scope(session, Viewer.of(org.boss), ScopeKind.TEAM, org.head.id, NOW)


async def test_units_are_for_admins_and_cover_the_subtree(session: AsyncSession) -> None:
    org = await make_recap_org(session)

    unit_a = await scope(session, Viewer.of(org.admin), ScopeKind.UNIT, org.unit_a.id, NOW)
    from_cli = await scope(session, Viewer.cli(org.agency.id), ScopeKind.UNIT, org.top.id, NOW)

    assert unit_a.title == "Dinas Uji / Bidang A"
    assert [m.name for m in unit_a.members] == [
        "Budi Santoso",
        "Joko Junior",  # in Seksi 1, below Bidang A
        "Kepala Bidang A",
        "Siti Aminah",
    ]
    assert len(from_cli.members) == 8
    with pytest.raises(NotAllowed):
        await scope(session, Viewer.of(org.boss), ScopeKind.UNIT, org.unit_a.id, NOW)


@pytest.mark.parametrize("bad_id", [0, -1, 2**31, 10**30, 999_999])
async def test_unknown_or_out_of_range_ids_are_not_found(
    session: AsyncSession, bad_id: int
) -> None:
    org = await make_recap_org(session)
    for kind in ScopeKind:
        with pytest.raises(NotFound):
            await scope(session, Viewer.of(org.admin), kind, bad_id, NOW)


async def test_nothing_crosses_agencies(session: AsyncSession) -> None:
    org = await make_recap_org(session)
    agency = await make_agency(session, NOW)
    unit = await make_unit(session, agency, "Dinas Lain")
    stranger = await make_employee(session, agency, unit, 99, NOW, name="Orang Lain", is_admin=True)
    await session.commit()

    for kind, target in ((ScopeKind.PERSON, org.staff.id), (ScopeKind.UNIT, org.top.id)):
        with pytest.raises((NotAllowed, NotFound)):
            await scope(session, Viewer.of(stranger), kind, target, NOW)
    with pytest.raises(NotAllowed):
        await scope(session, Viewer.of(org.admin), ScopeKind.PERSON, stranger.id, NOW)
