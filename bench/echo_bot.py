"""The floor for the benchmarks: a bare aiogram echo bot, no DB, no middlewares.

`python bench/echo_bot.py` polls; with `ECHO_REPLY` set it answers every message with that
HTML text instead of the message's own (the same reply as the bot's, to tell the cost of
sending a long message from the bot's own work); `python bench/echo_bot.py webhook` serves aiogram's
`SimpleRequestHandler` (answer at once, handle in the background, secret checked) on
WEBHOOK_PORT and registers WEBHOOK_URL with WEBHOOK_SECRET, like `python -m bot webhook`.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from urllib.parse import urlparse

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web


async def serve_webhook(bot: Bot, dp: Dispatcher) -> None:
    url, secret = os.environ["WEBHOOK_URL"], os.environ["WEBHOOK_SECRET"]
    app = web.Application()
    SimpleRequestHandler(
        dispatcher=dp, bot=bot, handle_in_background=True, secret_token=secret
    ).register(app, path=urlparse(url).path or "/")
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", int(os.environ["WEBHOOK_PORT"])).start()
    await bot.set_webhook(url, secret_token=secret, allowed_updates=["message"])
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
        await bot.session.close()


async def main() -> None:
    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["TELEGRAM_API_URL"]))
    bot = Bot(os.environ["BOT_TOKEN"], session=session)
    dp = Dispatcher()
    reply = os.environ.get("ECHO_REPLY")

    @dp.message()
    async def echo(message: Message) -> None:
        if reply:
            await message.answer(reply, parse_mode="HTML")
        else:
            await message.answer(message.text or "")

    if sys.argv[1:] == ["webhook"]:
        await serve_webhook(bot, dp)
    else:
        await dp.start_polling(bot, handle_signals=True)


if __name__ == "__main__":
    asyncio.run(main())
