"""The router gates (handlers/gates.py) let through everything some handler of their router
names, and reject what none does, so a `/help` is not tried against every dialog's handlers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aiogram import Router
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackQueryFilter
from aiogram.types import CallbackQuery

from handlers.gates import CallbackGate, MessageGate, _state_names
from handlers.routers import build_root_router
from tests.fakes.updates import text_message, user
from tests.handlers.conftest import detach_routers


@pytest.fixture
def root() -> Iterator[Router]:
    router = build_root_router()
    yield router
    detach_routers(router)


def _gate(router: Router, name: str) -> MessageGate | CallbackGate | None:
    for item in router.observers[name]._handler.filters or ():
        if isinstance(item.callback, MessageGate | CallbackGate):
            return item.callback
    return None


def _leaves(router: Router) -> Iterator[Router]:
    for sub in router.sub_routers:
        yield from _leaves(sub) if sub.sub_routers else [sub]


def _press(data: str) -> CallbackQuery:
    return CallbackQuery(id="1", from_user=user(5), chat_instance="c", data=data)


async def test_every_command_and_state_of_a_handler_passes_its_router_gate(root: Router) -> None:
    checked = 0
    for router in _leaves(root):
        gate = _gate(router, "message")
        if not isinstance(gate, MessageGate):
            continue
        for handler in router.message.handlers:
            for item in handler.filters or ():
                found = item.callback
                if isinstance(found, Command):
                    for name in found.commands:
                        message = text_message(5, f"/{name} something").message
                        assert message is not None
                        assert await gate(message), (router.name, name)
                        checked += 1
                if isinstance(found, StateFilter):
                    for state in found.states:
                        for raw in _state_names(state) or ():
                            message = text_message(5, "typed text").message
                            assert message is not None
                            assert await gate(message, raw_state=raw), (router.name, raw)
                            checked += 1
    assert checked > 50


async def test_every_button_prefix_passes_its_router_gate(root: Router) -> None:
    checked = 0
    for router in _leaves(root):
        gate = _gate(router, "callback_query")
        if not isinstance(gate, CallbackGate):
            continue
        for handler in router.callback_query.handlers:
            for item in handler.filters or ():
                if isinstance(item.callback, CallbackQueryFilter):
                    data = item.callback.callback_data
                    assert await gate(_press(f"{data.__prefix__}{data.__separator__}1"))
                    checked += 1
    assert checked > 30


async def test_a_dialog_router_rejects_other_commands_and_stale_text(root: Router) -> None:
    report = next(r for r in _leaves(root) if r.name == "report")
    gate = _gate(report, "message")
    assert isinstance(gate, MessageGate)
    help_message = text_message(5, "/help").message
    typed = text_message(5, "just text").message
    assert help_message is not None
    assert typed is not None
    assert not await gate(help_message)
    assert not await gate(typed, raw_state=None)
    assert not await gate(text_message(5, "/").message or help_message)
    callbacks = _gate(report, "callback_query")
    assert isinstance(callbacks, CallbackGate)
    assert not await callbacks(_press("zz:1"))


def test_catch_all_routers_have_no_gate(root: Router) -> None:
    by_name = {r.name: r for r in _leaves(root)}
    assert _gate(by_name["basics"], "message") is None  # holds the fallbacks
    assert _gate(by_name["unregistered"], "message") is None


def test_building_twice_keeps_one_gate_per_router() -> None:
    for _ in range(2):
        router = build_root_router()
        for leaf in _leaves(router):
            gates = [
                f
                for f in leaf.message._handler.filters or ()
                if isinstance(f.callback, MessageGate)
            ]
            assert len(gates) <= 1, leaf.name
        detach_routers(router)
