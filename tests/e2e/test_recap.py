"""/rekap through the real bot process: an employee gets the month as a photo, the supervisor
gets the team heat-map and the TPP recap as an XLSX file."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.local_api import Call, LocalBotAPI
from models import ActivityStatus, Employee
from tests.e2e.bot_process import BotProcess
from tests.e2e.delivery_helpers import daytime_zone
from tests.e2e.flows import Chat, start_bot
from tests.factories import make_agency, make_employee, make_unit
from tests.services.recap_helpers import add_activity

# The drawing and sending path is the same on both databases (the recap queries are tested on
# both in tests/services); one backend keeps this slow test to one run.
pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)]

Factory = async_sessionmaker[AsyncSession]
BOSS_TG, STAFF_TG = 7401, 7402


@dataclass(frozen=True)
class Seeded:
    month_label: str
    staff_nip: str


async def seed(factory: Factory) -> Seeded:
    """A supervisor and one employee, linked, with an approved and a waiting report today."""
    now = datetime.now(UTC)
    zone = daytime_zone(now)
    today = now.astimezone(ZoneInfo(zone)).date()
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
        agency.timezone = zone
        unit = await make_unit(session, agency, "Dinas Uji / Bidang Data")
        boss = await make_employee(
            session, agency, unit, 401, now, name="Siti Rahmawati", telegram_user_id=BOSS_TG
        )
        staff = await make_employee(
            session, agency, unit, 402, now, name="Budi Santoso", supervisor=boss,
            telegram_user_id=STAFF_TG,
        )  # fmt: skip
        await session.commit()
        staff_row = await session.get(Employee, staff.id)
        assert staff_row is not None
        await add_activity(session, staff_row, today, 120, decided_by=boss, now=now)
        await add_activity(session, staff_row, today, 60, ActivityStatus.SUBMITTED, now=now)
        names = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus"]
        names += ["September", "Oktober", "November", "Desember"]
        return Seeded(f"{names[today.month - 1]} {today.year}", staff.nip)


def upload(call: Call, field: str) -> bytes:
    """The bytes of a file the bot uploaded (the server keeps the multipart part)."""
    return call.uploads[field].content


async def test_employee_photo_supervisor_heatmap_and_xlsx(
    api: LocalBotAPI, bot_process: BotProcess, session_factory: Factory
) -> None:
    seeded = await seed(session_factory)
    await start_bot(api, bot_process)
    staff, boss = Chat(api, bot_process, STAFF_TG), Chat(api, bot_process, BOSS_TG)

    mark = staff.mark()
    api.push_text(STAFF_TG, "/rekap")
    photo = await api.wait_for(
        lambda c: c.method == "sendPhoto" and c.chat_id == STAFF_TG, timeout=60, after=mark
    )
    assert str(photo.params["caption"]).startswith(f"📊 <b>Rekap {seeded.month_label}</b>")
    picture = Image.open(io.BytesIO(upload(photo, "photo")))
    assert (picture.format, picture.size) == ("PNG", (1000, 540))

    mark = boss.mark()
    api.push_text(BOSS_TG, "/rekap tim")
    heatmap = await api.wait_for(
        lambda c: c.method == "sendPhoto" and c.chat_id == BOSS_TG, timeout=60, after=mark
    )
    assert "Budi Santoso: 120 mnt" in str(heatmap.params["caption"])
    assert Image.open(io.BytesIO(upload(heatmap, "photo"))).format == "PNG"
    await boss.expect("⏳ Menunggu verifikasi: 1", mark)

    mark = boss.mark()
    await boss.press("📊 Rekap TPP (XLSX)")
    sent = await api.wait_for(
        lambda c: c.method == "sendDocument" and c.chat_id == BOSS_TG, timeout=60, after=mark
    )
    sheet = load_workbook(io.BytesIO(upload(sent, "document"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "REKAPITULASI AKTIVITAS TPP"
    assert rows[7][1:3] == (seeded.staff_nip, "Budi Santoso")
    assert rows[7][7] == 120  # approved minutes only
    assert "Traceback" not in bot_process.log()
