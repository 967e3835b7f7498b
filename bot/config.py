"""Settings from the environment and `.env`; every field is documented in `.env.example`."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

TOKEN_PATTERN = re.compile(r"^\d{5,15}:[A-Za-z0-9_-]{30,}$")
# Telegram: secret_token is 1-256 characters, only A-Z, a-z, 0-9, _ and -.
WEBHOOK_SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def _optional_url(value: str | None, schemes: tuple[str, ...], error: str) -> str | None:
    """A blank optional address is unset; a set one must start with one of `schemes`."""
    if not value or not value.strip():
        return None
    if not value.startswith(schemes):
        raise ValueError(error)
    return value.strip()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    database_url: str = "sqlite+aiosqlite:///./data/kinerja.db"
    telegram_api_url: str | None = None
    bot_username: str | None = None
    default_timezone: str = "Asia/Jakarta"
    default_language: str = "id"
    log_level: str = "INFO"
    agency_name: str = "Instansi"
    invite_valid_days: int = Field(default=7, ge=1, le=90)
    invite_max_failures: int = Field(default=5, ge=1)
    invite_failure_window_minutes: int = Field(default=15, ge=1)
    max_import_file_bytes: int = Field(default=5_000_000, ge=1_000)
    send_rate_global: float = Field(default=25.0, gt=0, le=30)
    send_rate_per_chat: float = Field(default=1.0, gt=0, le=1)
    tick_seconds: int = Field(default=60, ge=1, le=3600)
    db_pool_size: int = Field(default=10, ge=1, le=200)
    db_max_overflow: int = Field(default=5, ge=0, le=200)
    db_pool_timeout: float = Field(default=30.0, gt=0, le=600)
    # Webhook front ends (`python -m bot webhook`); REDIS_URL is optional everywhere.
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_host: str = "127.0.0.1"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    webhook_backlog: int = Field(default=200, ge=1, le=100_000)
    redis_url: str | None = None
    # Retention (docs/DATA.md): evidence metadata and abandoned dialog state; 0 = keep forever.
    retention_evidence_days: int = Field(default=730, ge=0, le=36_500)
    retention_dialog_days: int = Field(default=30, ge=0, le=36_500)

    @property
    def update_concurrency(self) -> int:
        """Updates handled at once: each may hold one connection; the overflow is left for the
        scheduler and the sender, so neither waits behind a burst of chat."""
        return self.db_pool_size

    def engine_options(self) -> dict[str, Any]:
        return {
            "pool_size": self.db_pool_size,
            "max_overflow": self.db_max_overflow,
            "pool_timeout": self.db_pool_timeout,
        }

    # Demos and training only: a JSON file whose offset moves the bot's clock (bot/clock.py).
    clock_file: str | None = None
    # `python -m bot demo`: where the local chat listens (127.0.0.1 only).
    demo_port: int = Field(default=8700, ge=0, le=65535)

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("default_language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in ("id", "en"):
            raise ValueError("DEFAULT_LANGUAGE must be 'id' or 'en'")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        return _optional_url(
            value,
            ("https://", "http://"),
            "WEBHOOK_URL must start with https:// (or http:// for local tests)",
        )

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not WEBHOOK_SECRET_PATTERN.match(value.get_secret_value()):
            raise ValueError("WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str | None) -> str | None:
        return _optional_url(
            value,
            ("redis://", "rediss://", "unix://"),
            "REDIS_URL must look like redis://127.0.0.1:6379/0",
        )

    def webhook(self) -> tuple[str, str]:
        """(WEBHOOK_URL, WEBHOOK_SECRET) for webhook mode; raises `ConfigError` if missing."""
        if self.webhook_url is None:
            raise ConfigError("WEBHOOK_URL is not set (the public https:// address of /webhook)")
        if self.webhook_secret is None:
            raise ConfigError("WEBHOOK_SECRET is not set (1-256 characters of A-Za-z0-9_-)")
        return self.webhook_url, self.webhook_secret.get_secret_value()

    @field_validator("telegram_api_url")
    @classmethod
    def _strip_slash(cls, value: str | None) -> str | None:
        return value.rstrip("/") if value else None

    @cached_property
    def token(self) -> str:
        """The bot token, validated; raises `ConfigError` with a one-line reason."""
        if self.bot_token is None or not self.bot_token.get_secret_value().strip():
            raise ConfigError("BOT_TOKEN is not set. Get one from @BotFather and put it in .env")
        token = self.bot_token.get_secret_value().strip()
        if not TOKEN_PATTERN.match(token):
            raise ConfigError(
                "BOT_TOKEN looks malformed (expected '<digits>:<secret>' as given by @BotFather)"
            )
        return token


class ConfigError(Exception):
    """A setting is missing or wrong; the message is one line meant for the operator."""
