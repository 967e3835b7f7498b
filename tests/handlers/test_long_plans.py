"""A plan with long RHK and IKI texts (an import from before there was a limit) still shows in
/skp and on the assessor's /nilai card within Telegram's limits, and the assessor can rate."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from models import Indicator, PlanItem
from tests.conftest import FrozenClock
from tests.fakes.bot_session import TEXT_LIMIT, visible_units
from tests.handlers.conftest import Send
from tests.handlers.plan_chat_helpers import (
    BOSS_TG,
    STAFF_TG,
    DocSession,
    Factory,
    cascade_plans,
    evaluation_of,
    linked_org,
)
from tests.handlers.report_helpers import Dialog, texts
from tests.services.plan_helpers import APRIL_2, Q1, PlanOrg, approved_plan, iki, rhk

LONG = "Terwujudnya tata kelola data statistik sektoral yang terpadu, akurat dan mutakhir " * 40


@pytest.fixture
def fake_session() -> DocSession:
    return DocSession()


@pytest.fixture
async def org(session_factory: Factory, clock: FrozenClock) -> PlanOrg:
    clock.now = APRIL_2
    org = await linked_org(session_factory, clock.now)
    boss_items = await cascade_plans(session_factory, org, clock.now)
    async with session_factory() as session:
        await approved_plan(
            session,
            org.staff,
            org.boss,
            [rhk(f"RHK {n}", boss_items[0], iki(f"IKI {n}", "12", "laporan")) for n in range(30)],
            clock.now,
        )
        # Written straight to the DB, as an old import left it: 3,000+ characters each.
        await session.execute(update(PlanItem).values(text=LONG))
        await session.execute(update(Indicator).values(text=LONG))
        await session.commit()
    return org


async def test_skp_with_long_texts_fits_one_message(
    send: Send, org: PlanOrg, fake_session: DocSession
) -> None:
    [shown] = texts(await Dialog(send, fake_session, STAFF_TG).say("/skp"))

    assert visible_units(shown) <= TEXT_LIMIT
    assert shown.count("…") >= 30


async def test_the_assessor_sees_the_card_and_can_rate(
    send: Send, org: PlanOrg, fake_session: DocSession, session_factory: Factory
) -> None:
    d = Dialog(send, fake_session, BOSS_TG)
    await d.say("/nilai")
    await d.press("Triwulan I 2026")
    [card] = texts(await d.press("• Siti Aminah"))
    assert visible_units(card) <= TEXT_LIMIT

    await d.press("✔️ Hasil Kerja: sesuai ekspektasi")

    evaluation = await evaluation_of(session_factory, org.staff, Q1)
    assert evaluation is not None
    assert evaluation.result_rating == "sesuai"
