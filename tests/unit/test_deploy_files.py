"""deploy/ describes what the tests run: the same verbs, settings that load, every front end
behind the proxy, Redis wherever more than one process shares the work."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.__main__ import _parser
from bot.config import Settings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
VERBS = {
    verb
    for action in _parser()._actions
    if isinstance(action, argparse._SubParsersAction)
    for verb in action.choices
}


def _compose() -> dict[str, Any]:
    services: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]
    return services


def _bot_services() -> dict[str, dict[str, Any]]:
    return {
        n: s
        for n, s in _compose().items()
        if s.get("command", [None])[:3] == ["python", "-m", "bot"]
    }


def test_compose_runs_migrate_two_front_ends_and_a_worker_with_real_verbs() -> None:
    commands = {name: service["command"][3] for name, service in _bot_services().items()}
    assert set(commands.values()) <= VERBS
    assert sorted(commands.values()) == ["migrate", "webhook", "webhook", "worker"]


@pytest.mark.parametrize("name", ["front1", "front2", "worker"])
def test_each_process_settings_load_and_share_redis(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    environment = {str(k): str(v) for k, v in _bot_services()[name]["environment"].items()}
    environment |= {
        "BOT_TOKEN": "123456:ABCdefGhIJKlmnoPQRstuVWXyz0123456789",
        "WEBHOOK_URL": "https://kinerja.example.go.id/webhook",
        "WEBHOOK_SECRET": "s3cret-token_value",
    }
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.redis_url == "redis://redis:6379/0"
    assert settings.database_url.startswith("postgresql+asyncpg://")


def test_the_proxy_balances_over_every_front_end() -> None:
    upstreams = set(re.findall(r"server (\w+):(\d+)", (DEPLOY / "nginx.conf").read_text()))
    fronts = {
        (name, str(service["environment"]["WEBHOOK_PORT"]))
        for name, service in _bot_services().items()
        if service["command"][3] == "webhook"
    }
    assert upstreams == fronts


def test_systemd_units_start_real_verbs() -> None:
    verbs = [
        re.search(r"ExecStart=\S+ -m bot (\S+)", unit.read_text())
        for unit in sorted((DEPLOY / "systemd").glob("*.service"))
    ]
    assert [v.group(1) for v in verbs if v] == ["migrate", "webhook", "worker"]
    assert {v.group(1) for v in verbs if v} <= VERBS
