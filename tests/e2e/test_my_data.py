"""/dataku through the real bot process: the person gets their data as JSON and XLSX, asks for a
correction, and the admin receives it through the outbox sender."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, time

import pytest
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.local_api import LocalBotAPI
from tests.e2e.bot_process import BotProcess
from tests.e2e.delivery_helpers import daytime_zone
from tests.e2e.flows import Chat, start_bot
from tests.factories import make_agency, make_employee, make_unit

# The queries are tested on both databases in tests/services; one backend keeps this slow.
pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)]

Factory = async_sessionmaker[AsyncSession]
ADMIN_TG, STAFF_TG = 7501, 7502
CORRECTION = "Unit saya tertulis Bidang Data, seharusnya Bidang Statistik."


async def seed(factory: Factory) -> str:
    now = datetime.now(UTC)
    async with factory() as session:
        agency = await make_agency(
            session,
            now,
            quiet_start=time(0, 0),
            quiet_end=time(23, 59),
            nudge_enabled=False,
            reminder_time=time(23, 58),
            digest_time=time(23, 58),
        )
        agency.timezone = daytime_zone(now)
        unit = await make_unit(session, agency, "Dinas Uji / Bidang Data")
        await make_employee(
            session, agency, unit, 501, now, name="Ani Admin", is_admin=True,
            telegram_user_id=ADMIN_TG,
        )  # fmt: skip
        staff = await make_employee(
            session, agency, unit, 502, now, name="Budi Santoso", telegram_user_id=STAFF_TG
        )
        await session.commit()
        return staff.nip


async def test_my_data_and_a_correction_request(
    api: LocalBotAPI, bot_process: BotProcess, session_factory: Factory
) -> None:
    nip = await seed(session_factory)
    await start_bot(api, bot_process)
    staff, admin = Chat(api, bot_process, STAFF_TG), Chat(api, bot_process, ADMIN_TG)

    mark = staff.mark()
    api.push_text(STAFF_TG, "/dataku")
    await staff.expect("Data pribadi: Budi Santoso", mark, timeout=60)
    files = [c for c in api.calls[mark:] if c.method == "sendDocument"]
    assert [c.uploads["document"].filename for c in files] == [
        f"dataku-{nip}-{datetime.now(UTC):%Y%m%d}.json",
        f"dataku-{nip}-{datetime.now(UTC):%Y%m%d}.xlsx",
    ]
    document = json.loads(files[0].uploads["document"].content)
    assert [e["name"] for e in document["tables"]["employee"]] == ["Budi Santoso"]
    book = load_workbook(io.BytesIO(files[1].uploads["document"].content))
    assert "activity" in book.sheetnames

    await staff.press("Ajukan koreksi", expect="Tuliskan data yang keliru")
    mark = admin.mark()
    await staff.say(CORRECTION, "Permintaan koreksi Anda telah dikirim kepada admin (1)")
    notice = await admin.expect("Permintaan koreksi data", mark, timeout=60)
    assert f"dari Budi Santoso (NIP {nip})" in notice.text
    assert CORRECTION in notice.text
    assert "Traceback" not in bot_process.log()
