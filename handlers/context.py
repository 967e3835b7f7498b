"""Plain settings the handlers need, built by the composition root (handlers never import bot/)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BotSettings:
    username: str
    max_import_file_bytes: int
