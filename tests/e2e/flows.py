"""Helpers for end-to-end dialogs: register staff through the real CLI and chat like a user.

`Chat` models what one Telegram user sees: the messages the bot sent to that chat and the
inline keyboards still attached to them (an edit without `reply_markup` removes a keyboard,
as on Telegram). `press` taps a button of the newest message that still has a keyboard.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.local_api import BOT_USER, Call, LocalBotAPI
from tests.e2e.bot_process import BotProcess
from tests.factories import make_nip

HEAD_NIP, STAFF_NIP = make_nip(11), make_nip(12)
STAFF_USER = 7001
STAFF_CSV = (
    "nip,nama,jabatan,unit,nip_atasan,admin\n"
    f"{HEAD_NIP},Siti Rahmawati,Kepala Bidang,Dinas Uji / Bidang Data,,tidak\n"
    f"{STAFF_NIP},Budi Santoso,Analis Data,Dinas Uji / Bidang Data / Seksi Statistik,"
    f"{HEAD_NIP},tidak\n"
)
TIMEOUT = 30.0  # generous: the suite may share a small machine with other work
START_TIMEOUT = 60.0
MESSAGE_METHODS = ("sendMessage", "editMessageText", "editMessageReplyMarkup")


def _link_token(stdout: str) -> str:
    match = re.search(r"https://t\.me/kinerja_test_bot\?start=([A-Za-z0-9_-]+)", stdout)
    assert match, stdout
    return match.group(1)


async def start_bot(api: LocalBotAPI, bot: BotProcess) -> None:
    """Start the bot process and wait until it polls the fake API."""
    mark = len(api.calls)
    await bot.start()
    try:
        await api.wait_for(lambda c: c.method == "getUpdates", timeout=START_TIMEOUT, after=mark)
    except TimeoutError as exc:
        raise AssertionError(f"bot did not start polling; log:\n{bot.log()[-3000:]}") from exc


async def restart_bot(api: LocalBotAPI, bot: BotProcess) -> None:
    """Stop the bot gracefully (SIGINT) and start it again."""
    assert await bot.stop() == 0, bot.log()[-3000:]
    await start_bot(api, bot)


async def register_staff(
    api: LocalBotAPI, bot: BotProcess, tmp_path: Path, user_id: int = STAFF_USER
) -> Chat:
    """Import a supervisor and one employee, invite the employee, start the bot and register.

    Three process starts (import, invite, run); the supervisor is not registered.
    """
    staff_file = tmp_path / "pegawai.csv"
    staff_file.write_text(STAFF_CSV)
    imported = await bot.cli("import-employees", str(staff_file))
    assert imported.returncode == 0, imported.stderr
    invited = await bot.cli("invite", STAFF_NIP)
    assert invited.returncode == 0, invited.stderr
    token = _link_token(invited.stdout)
    await start_bot(api, bot)
    chat = Chat(api, bot, user_id)
    await chat.say(f"/start {token}", "Selamat datang, Budi Santoso")
    return chat


@dataclass
class Shown:
    """A bot message as the user currently sees it."""

    message_id: int
    text: str
    markup: dict[str, Any] | None
    last_touched: int  # index in api.calls of the latest send/edit

    def buttons(self) -> list[dict[str, Any]]:
        rows = (self.markup or {}).get("inline_keyboard") or []
        return [button for row in rows for button in row]

    def labels(self) -> list[str]:
        return [str(b.get("text")) for b in self.buttons()]


@dataclass
class Chat:
    api: LocalBotAPI
    bot: BotProcess
    user_id: int
    timeout: float = TIMEOUT

    # -- what the user sees ----------------------------------------------------------------
    def messages(self) -> list[Shown]:
        """The bot's messages in this chat, oldest first, with their current keyboards."""
        shown: dict[int, Shown] = {}
        for index, call in enumerate(self.api.calls):
            if call.method not in MESSAGE_METHODS or call.chat_id != self.user_id or call.error:
                continue
            markup = call.params.get("reply_markup")
            markup = markup if isinstance(markup, dict) else None
            if call.method == "sendMessage":
                if not isinstance(call.result, dict):
                    continue
                message_id = int(call.result["message_id"])
                shown[message_id] = Shown(message_id, call.text, markup, index)
                continue
            message_id = int(call.params["message_id"])
            previous = shown.get(message_id)
            if call.method == "editMessageText":
                text = call.text
            else:
                text = previous.text if previous else ""
            shown[message_id] = Shown(message_id, text, markup, index)
        return sorted(shown.values(), key=lambda s: s.message_id)

    def keyboard_message(self) -> Shown:
        """The newest bot message that still carries buttons."""
        with_buttons = [m for m in self.messages() if m.buttons()]
        assert with_buttons, f"no message with buttons in chat {self.user_id}"
        return max(with_buttons, key=lambda m: m.message_id)

    def button(self, label: str, message: Shown | None = None) -> tuple[Shown, str]:
        """(message, callback_data) of the button labelled `label` (exact, else unique part)."""
        message = message or self.keyboard_message()
        buttons = message.buttons()
        exact = [b for b in buttons if b.get("text") == label]
        partial = [b for b in buttons if label in str(b.get("text"))]
        found = exact or partial
        assert len(found) == 1, f"button {label!r} not unique/found in {message.labels()}"
        return message, str(found[0]["callback_data"])

    # -- what the user does ----------------------------------------------------------------
    def mark(self) -> int:
        return len(self.api.calls)

    async def expect(self, contains: str, after: int, timeout: float | None = None) -> Call:
        try:
            return await self.api.wait_for_text(
                self.user_id, contains, timeout=timeout or self.timeout, after=after
            )
        except TimeoutError as exc:
            raise AssertionError(
                f"bot never said {contains!r}: {exc}\nbot log tail:\n{self.bot.log()[-3000:]}"
            ) from exc

    async def say(self, text: str, expect: str) -> Call:
        """Type a message and wait for a reply containing `expect`."""
        mark = self.mark()
        self.api.push_text(self.user_id, text)
        return await self.expect(expect, mark)

    async def send_document(self, file_name: str, content: bytes, expect: str) -> Call:
        mark = self.mark()
        self.api.push_document(self.user_id, file_name, content)
        return await self.expect(expect, mark)

    def callback_update(self, label: str, message: Shown | None = None) -> dict[str, Any]:
        """The update Telegram sends when the user taps the button `label`."""
        shown, data = self.button(label, message)
        message_dict: dict[str, Any] = {
            "message_id": shown.message_id,
            "date": int(time.time()),
            "chat": {"id": self.user_id, "type": "private"},
            "from": BOT_USER,
            "text": shown.text,
        }
        if shown.markup:
            message_dict["reply_markup"] = shown.markup
        return {
            "callback_query": {
                "id": f"cb-{self.user_id}-{self.mark()}",
                "from": {"id": self.user_id, "is_bot": False, "first_name": "User"},
                "chat_instance": "ci",
                "data": data,
                "message": message_dict,
            }
        }

    async def press(self, label: str, expect: str | None = None, times: int = 1) -> Tap:
        """Tap a button, delivering the identical update `times` times (a duplicate delivery)."""
        tap = Tap(self.mark(), "")
        update = self.callback_update(label)
        tap.callback_id = update["callback_query"]["id"]
        for _ in range(times):
            self.api.push_update(update)
        if expect is not None:
            await self.expect(expect, tap.mark)
        return tap

    async def answers(self, tap: Tap, count: int) -> list[Call]:
        """Wait until the bot answered the tapped callback query `count` times."""
        found: list[Call] = []
        after = tap.mark
        for _ in range(count):
            call = await self.api.wait_for(
                lambda c: (
                    c.method == "answerCallbackQuery"
                    and c.params.get("callback_query_id") == tap.callback_id
                ),
                timeout=self.timeout,
                after=after,
            )
            found.append(call)
            after = next(i for i, c in enumerate(self.api.calls) if c is call) + 1
        return found


@dataclass
class Tap:
    mark: int  # len(api.calls) before the tap
    callback_id: str
