"""/rekap: my month as a chart (/rekap), my team's month as heat-maps (/rekap tim), a unit's
for admins (/rekap unit), a month with YYYY-MM; the buttons page months, open a person's
month and send the files."""

from __future__ import annotations

from functools import partial
from html import escape

from aiogram import Bot, Router
from aiogram.enums import ChatAction
from aiogram.filters import CommandObject
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import filters
from handlers.commands import command
from handlers.recap.keyboards import (
    ExportCb,
    MonthCb,
    TeamCb,
    UnitCb,
    month_of,
    people_keyboard,
    personal_keyboard,
    team_keyboard,
    units_keyboard,
)
from handlers.recap.progress import finish, send_retrying, with_progress
from handlers.recap.texts import chart_labels, personal_caption, team_caption, team_summary
from handlers.stale import callback_message, reject_stale
from handlers.texts.problems import problem_text
from models import Employee, Unit
from services.clock import Clock
from services.errors import DomainError, Invalid, Problem
from services.recap import exports
from services.recap.access import ScopeKind, Viewer, unit_level, viewer_today
from services.recap.months import Month
from services.recap.views import (
    ChartRequest,
    RecapCharts,
    personal_request,
    team_backlog,
    team_request,
)

router = Router(name="recap")
router.message.filter(filters.registered)
router.callback_query.filter(filters.registered)

TEAM_WORDS = frozenset({"tim", "team"})
UNIT_WORDS = frozenset({"unit"})


def parse_args(text: str | None) -> tuple[str, Month | None]:
    """("me" | "team" | "unit", month or None); Invalid(Problem.USAGE) otherwise."""
    words = (text or "").lower().split()
    if len(words) > 2:
        raise Invalid(Problem.USAGE)
    mode, month = "me", None
    for word in words:
        if word in TEAM_WORDS and mode == "me":
            mode = "team"
        elif word in UNIT_WORDS and mode == "me":
            mode = "unit"
        elif month is None and len(word) <= 7:
            month = Month.parse(word)
        else:
            raise Invalid(Problem.USAGE)
    return mode, month


def error_text(error: DomainError) -> str:
    if isinstance(error, Invalid) and error.code is not Problem.USAGE:
        return problem_text(error)
    if isinstance(error, Invalid):
        return _(
            "Use /rekap (my month), /rekap tim (my team) or /rekap unit (admins), "
            "optionally with a month such as 2026-03."
        )
    return _("You cannot see that recap.")


async def refuse(callback: CallbackQuery, error: DomainError) -> None:
    if isinstance(error, Invalid):
        await callback.answer(error_text(error), show_alert=True)
    else:
        await reject_stale(callback, error_text(error))


async def send_personal(
    bot: Bot, chat_id: int, session: AsyncSession, charts: RecapCharts, request: ChartRequest
) -> None:
    labels = chart_labels(request.context.month)
    notice: Message | None = None
    chart = charts.cached_personal(request, labels)
    if chart is None:
        rendered, notice = await with_progress(
            bot,
            chat_id,
            ChatAction.UPLOAD_PHOTO,
            charts.personal(session, request, labels),
            _("⏳ Preparing the recap…"),
        )
        chart = rendered
    month = request.context.month
    await send_retrying(
        partial(
            bot.send_photo,
            chat_id,
            BufferedInputFile(chart.png, f"rekap-{month.key}.png"),
            caption=personal_caption(chart.recap),
            reply_markup=personal_keyboard(chart.recap.member.id, month, request.context.today),
        )
    )
    await finish(bot, chat_id, notice, _("✅ The recap is ready."))


async def send_team(
    bot: Bot,
    chat_id: int,
    session: AsyncSession,
    charts: RecapCharts,
    request: ChartRequest,
    clock: Clock,
) -> None:
    labels = chart_labels(request.context.month)
    notice: Message | None = None
    result = charts.cached_team(request, labels)
    if result is None:
        drawn, notice = await with_progress(
            bot,
            chat_id,
            ChatAction.UPLOAD_PHOTO,
            charts.team(session, request, labels),
            _("⏳ Preparing the team recap…"),
        )
        result = drawn
    recap, month = result.recap, request.context.month
    pages = recap.pages()
    for number, (people, png) in enumerate(zip(pages, result.pngs, strict=True), 1):
        await send_retrying(
            partial(
                bot.send_photo,
                chat_id,
                BufferedInputFile(png, f"rekap-tim-{month.key}-{number}.png"),
                caption=team_caption(recap, people, number, len(pages)),
                reply_markup=people_keyboard(people, month),
            )
        )
    backlog = await team_backlog(session, request)
    await bot.send_message(
        chat_id,
        team_summary(recap, backlog, clock()),
        reply_markup=team_keyboard(
            request.scope.kind, request.scope.id, month, request.context.today
        ),
    )
    await finish(bot, chat_id, notice, _("✅ The team recap is ready."))


async def show_units(
    message: Message, parent: Unit | None, units: list[Unit], month: Month
) -> None:
    if parent is None:
        text = _("🏢 Choose a unit.")
    else:
        text = _("🏢 <b>{path}</b>\nOpen this unit's recap, or choose a unit below it.").format(
            path=escape(parent.path[:300])
        )
    if parent is None and not units:
        text = _("There are no units yet.")
    await message.answer(text, reply_markup=units_keyboard(units, parent, month))


@router.message(command("rekap"))
async def recap_command(
    message: Message,
    command: CommandObject,
    bot: Bot,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
    recap_charts: RecapCharts,
) -> None:
    viewer, now, chat_id = Viewer.of(employee), clock(), message.chat.id
    try:
        mode, month = parse_args(command.args)
        month = month or Month.of(await viewer_today(session, viewer, now))
        if mode == "unit":
            if not employee.is_admin:
                await message.answer(_("Only admins can see the recap of any unit."))
                return
            await show_units(message, *await unit_level(session, viewer, 0), month)
        elif mode == "team":
            request = await team_request(session, viewer, ScopeKind.TEAM, employee.id, month, now)
            if not request.scope.members:
                await message.answer(_("You have no team to recap. /rekap shows your own month."))
                return
            await send_team(bot, chat_id, session, recap_charts, request, clock)
        else:
            request = await personal_request(session, viewer, employee.id, month, now)
            await send_personal(bot, chat_id, session, recap_charts, request)
    except DomainError as error:
        await message.answer(error_text(error))


@router.callback_query(MonthCb.filter())
async def month_button(
    callback: CallbackQuery,
    callback_data: MonthCb,
    bot: Bot,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
    recap_charts: RecapCharts,
) -> None:
    try:
        request = await personal_request(
            session, Viewer.of(employee), callback_data.id, month_of(callback_data), clock()
        )
    except DomainError as error:
        await refuse(callback, error)
        return
    await callback.answer()
    await send_personal(bot, callback_message(callback).chat.id, session, recap_charts, request)


@router.callback_query(TeamCb.filter())
async def team_button(
    callback: CallbackQuery,
    callback_data: TeamCb,
    bot: Bot,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
    recap_charts: RecapCharts,
) -> None:
    try:
        if callback_data.scope is ScopeKind.PERSON:
            raise Invalid(Problem.USAGE)
        request = await team_request(
            session,
            Viewer.of(employee),
            callback_data.scope,
            callback_data.id,
            month_of(callback_data),
            clock(),
        )
    except DomainError as error:
        await refuse(callback, error)
        return
    await callback.answer()
    chat_id = callback_message(callback).chat.id
    await send_team(bot, chat_id, session, recap_charts, request, clock)


@router.callback_query(ExportCb.filter())
async def export_button(
    callback: CallbackQuery,
    callback_data: ExportCb,
    bot: Bot,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    viewer, month, now = Viewer.of(employee), month_of(callback_data), clock()
    kind, scope, scope_id = callback_data.kind, callback_data.scope, callback_data.id
    try:
        await exports.authorize(session, viewer, kind, scope, scope_id, month, now)
    except DomainError as error:
        await refuse(callback, error)
        return
    await callback.answer()
    chat_id = callback_message(callback).chat.id
    file, notice = await with_progress(
        bot,
        chat_id,
        ChatAction.UPLOAD_DOCUMENT,
        exports.export(session, viewer, kind, scope, scope_id, month, now),
        _("⏳ Preparing the file…"),
    )
    await send_retrying(
        partial(bot.send_document, chat_id, BufferedInputFile(file.data, file.filename))
    )
    await finish(bot, chat_id, notice, _("✅ File sent: {name}").format(name=escape(file.filename)))


@router.callback_query(UnitCb.filter())
async def unit_button(
    callback: CallbackQuery,
    callback_data: UnitCb,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
) -> None:
    viewer = Viewer.of(employee)
    try:
        month = Month.of(await viewer_today(session, viewer, clock()))
        parent, units = await unit_level(session, viewer, callback_data.id)
    except DomainError as error:
        await refuse(callback, error)
        return
    await callback.answer()
    await show_units(callback_message(callback), parent, units, month)
