"""Helpers for the SKP and evaluation chat tests: the three-level organisation of
tests/services/plan_helpers.py with everyone linked to Telegram, a fake Bot API that also takes
generated documents (PDF/XLSX uploads), SKP spreadsheet uploads, readers of what the database
holds, and the Indonesian texts the user reads."""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from aiogram import Bot
from aiogram.methods import SendDocument, SendMessage, TelegramMethod
from aiogram.types import BufferedInputFile, Document, Message, Update
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.ratelimit import SendLimiter
from bot.sender import OutboxSender
from models import (
    Activity,
    ActivityStatus,
    Employee,
    Evaluation,
    Notification,
    Plan,
    UnitPredicate,
)
from services.curve import OrgPredicate
from services.evaluation import set_unit_predicate
from services.plans import ItemInput, save_draft, submit_plan
from tests.fakes import updates
from tests.handlers.supervision_helpers import MediaSession
from tests.services.plan_helpers import PlanOrg, make_cascade, make_plan_org, report

Factory = async_sessionmaker[AsyncSession]
Calls = list[TelegramMethod[Any]]

# Telegram ids of the PlanOrg people (head and boss are linked by make_plan_org already).
HEAD_TG, BOSS_TG = 9401, 9402
STAFF_TG, STAFF2_TG, OTHER_BOSS_TG, OTHER_STAFF_TG, PLT_TG, ADMIN_TG = (
    9403,
    9404,
    9405,
    9406,
    9407,
    9408,
)

# What the Indonesian user reads.
STALE = "Tombol ini sudah tidak berlaku."
HOW_TO_START = (
    "Belum ada SKP tahun ini. Kirim SKP Anda sebagai berkas .xlsx (kolom: jenis, rhk_atasan, "
    "rhk, aspek, iki, target, satuan, opsional rencana_aksi_1…12), atau ketik /skp_baru untuk "
    "mengisi langkah demi langkah."
)
SUBMIT = "📤 Ajukan ke penilai"
EDIT_ONE = "✏️ Ubah satu RHK"
APPROVED_NOTICE = (
    "✅ SKP 2026 Anda disetujui. Laporkan pekerjaan Anda dengan /lapor dan pilih RHK yang "
    "didukungnya; /skp menampilkan capaiannya."
)
ASK_RHK = "RHK 1: hasil kerja apa yang akan Anda capai tahun ini? (atau /batal)"
ASK_PARENT = "RHK atasan mana yang diintervensi?"
ASK_IKI = "Indikatornya (IKI)? misalnya Jumlah laporan keuangan yang tersusun"
ASK_TARGET = "Targetnya? Angka dan satuan, misalnya 12 dokumen."
BAD_TARGET = "Tulis target sebagai angka dan satuan, misalnya 12 dokumen."
ASK_REPORT_TARGET = "Pekerjaan ini untuk target (RHK) yang mana?"
OTHER_TASK = "Tugas tambahan / lainnya"
NOT_ASSESSOR = "Anda bukan penilai pegawai ini."
LOCKED = "Evaluasi ini sudah final atau lewat batas waktu; admin dapat membukanya kembali."

SKP_HEADER = ["jenis", "rhk_atasan", "rhk", "aspek", "iki", "target", "satuan"]

_ids = itertools.count(1)


async def linked_org(factory: Factory, now: datetime, **agency_columns: Any) -> PlanOrg:
    """make_plan_org with every person linked to Telegram (ids above)."""
    async with factory() as session:
        org = await make_plan_org(session, now, **agency_columns)
        for person, tg in (
            (org.staff, STAFF_TG),
            (org.staff2, STAFF2_TG),
            (org.other_boss, OTHER_BOSS_TG),
            (org.other_staff, OTHER_STAFF_TG),
            (org.plt, PLT_TG),
            (org.admin, ADMIN_TG),
        ):
            row = await session.get(Employee, person.id)
            assert row is not None
            row.telegram_user_id = row.telegram_chat_id = tg
            row.linked_at = now
            person.telegram_user_id = person.telegram_chat_id = tg
        await session.commit()
    return org


async def cascade_plans(factory: Factory, org: PlanOrg, now: datetime) -> list[int]:
    """The head's and the boss's approved plans; the ids of the boss's two RHKs."""
    async with factory() as session:
        cascade = await make_cascade(session, org, now)
        return [item.id for item in cascade.boss_items]


async def draft_plan(
    factory: Factory,
    employee: Employee,
    items: list[ItemInput],
    now: datetime,
    *,
    submit: bool = False,
) -> Plan:
    """The employee's plan for `now.year`, saved (and submitted) through the services."""
    async with factory() as session:
        me = await session.get(Employee, employee.id)
        assert me is not None
        plan = await save_draft(session, me, now.year, items, now=now)
        if submit:
            plan = await submit_plan(session, me, plan.id, now=now)
        return plan


async def approved_activity(
    factory: Factory,
    employee: Employee,
    now: datetime,
    *,
    day: date,
    item_id: int | None,
    quantity: int | None = None,
    unit: str | None = None,
    status: ActivityStatus = ActivityStatus.APPROVED,
) -> Activity:
    """An activity reported through the service, then given `status` in the database."""
    async with factory() as session:
        me = await session.get(Employee, employee.id)
        assert me is not None
        activity = await report(
            session, me, now, day=day, item_id=item_id, quantity=quantity, unit=unit
        )
        activity.status = status
        await session.commit()
        return activity


async def unit_predicate(
    factory: Factory, org: PlanOrg, period: str, value: OrgPredicate, now: datetime
) -> None:
    """The head sets Bidang A's organisation predicate (through the service)."""
    async with factory() as session:
        head = await session.get(Employee, org.head.id)
        assert head is not None
        await set_unit_predicate(session, head, org.unit_a.id, period, value, now=now)


# --- updates ---------------------------------------------------------------------------------


def uploaded(
    fake_session: MediaSession,
    user_id: int,
    file_name: str,
    content: bytes,
    caption: str | None = "SKP",
) -> Update:
    """The user sends a file (with a caption); the fake API serves its content."""
    file_id = f"skp-{next(_ids)}"
    fake_session.put_document(file_id, content)
    document = Document(
        file_id=file_id,
        file_unique_id=f"u-{file_id}",
        file_name=file_name,
        file_size=len(content),
    )
    return Update(
        update_id=800_000 + next(_ids),
        message=Message(
            message_id=800_000 + next(_ids),
            date=updates.SENT_AT,
            chat=updates.private_chat(user_id),
            from_user=updates.user(user_id),
            document=document,
            caption=caption,
        ),
    )


# --- the Bot API ------------------------------------------------------------------------------


class DocSession(MediaSession):
    """MediaSession that also accepts generated files (BufferedInputFile), as the PDF and XLSX
    buttons upload them."""

    def _respond(self, bot: Bot, method: TelegramMethod[Any]) -> Any:
        if isinstance(method, SendDocument) and isinstance(method.document, BufferedInputFile):
            document = Document(
                file_id=f"generated-{len(self.calls)}",
                file_unique_id="u",
                file_name=method.document.filename,
            )
            return self._media(bot, int(method.chat_id), document=document)
        return super()._respond(bot, method)


@dataclass(frozen=True)
class Upload:
    chat_id: int
    filename: str
    data: bytes


def sent_messages(calls: Calls) -> list[SendMessage]:
    return [c for c in calls if isinstance(c, SendMessage)]


def uploads(calls: Calls) -> list[Upload]:
    """Generated files the bot sent among `calls`."""
    found = []
    for call in calls:
        if isinstance(call, SendDocument):
            assert isinstance(call.document, BufferedInputFile), call.document
            found.append(
                Upload(int(call.chat_id), call.document.filename or "", call.document.data)
            )
    return found


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


async def deliver(bot: Bot, factory: Factory, i18n: Any, now: datetime) -> None:
    """Run the real outbox sender once at `now` (as the worker does)."""
    limiter = SendLimiter(global_per_second=10_000, per_chat_per_second=10_000)
    await OutboxSender(bot, factory, i18n, lambda: now, limiter).drain_once()


# --- the database ---------------------------------------------------------------------------


async def plans_of(factory: Factory, employee: Employee) -> list[Plan]:
    async with factory() as session:
        query = select(Plan).where(Plan.employee_id == employee.id).order_by(Plan.id)
        return list((await session.scalars(query)).all())


async def evaluation_of(factory: Factory, employee: Employee, period: str) -> Evaluation | None:
    async with factory() as session:
        return await session.scalar(
            select(Evaluation).where(
                Evaluation.employee_id == employee.id, Evaluation.period_key == period
            )
        )


async def outbox_rows(factory: Factory, kind: str) -> list[tuple[int, dict[str, Any]]]:
    """(recipient, payload) of the queued notifications of `kind`."""
    async with factory() as session:
        rows = await session.scalars(
            select(Notification).where(Notification.kind == kind).order_by(Notification.id)
        )
        return [(n.recipient_id, n.payload) for n in rows.all()]


async def unit_predicates(factory: Factory) -> list[tuple[int, str, str, int | None]]:
    async with factory() as session:
        rows = await session.scalars(select(UnitPredicate).order_by(UnitPredicate.id))
        return [(r.unit_id, r.period_key, r.predicate, r.set_by_id) for r in rows.all()]
