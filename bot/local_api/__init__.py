"""The local Bot API server: the demo's Telegram, and the one the e2e tests talk to."""

from bot.local_api.server import BOT_USER, Call, LocalBotAPI, Person

__all__ = ["BOT_USER", "Call", "LocalBotAPI", "Person"]
