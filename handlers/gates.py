"""Router gates: one cheap check per feature router that rejects an update no handler of that
router could take, so aiogram does not try each handler's filters one by one.

A handler runs only if all its filters pass, so each handler has necessary conditions: its
`Command` (the command name), its `StateFilter` (the dialog state) or its callback data class
(the prefix). A router's gate for one event type is the union of its handlers' conditions; a
router with any handler lacking all three (a catch-all) gets no gate for that event type.
The gate is derived from the handlers themselves, so it cannot disagree with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from inspect import isclass
from typing import Any
from weakref import WeakKeyDictionary

from aiogram import Router
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.dispatcher.event.handler import FilterObject, HandlerObject
from aiogram.filters import Command, Filter, StateFilter
from aiogram.filters.callback_data import CallbackQueryFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, TelegramObject


@dataclass
class MessageGate(Filter):
    """Passes a message whose command or dialog state some handler of the router names."""

    commands: set[str] = field(default_factory=set)
    states: set[str] = field(default_factory=set)

    async def __call__(self, event: TelegramObject, raw_state: str | None = None) -> bool:
        return self.accepts(event, raw_state)

    def accepts(self, event: TelegramObject, raw_state: str | None = None) -> bool:
        if raw_state is not None and raw_state in self.states:
            return True
        if not isinstance(event, Message):
            return True
        text = event.text or event.caption
        if not text or text[0] != "/":
            return False
        words = text[1:].split(maxsplit=1)
        return bool(words) and words[0].partition("@")[0].lower() in self.commands


@dataclass
class CallbackGate(Filter):
    """Passes a button press whose callback data prefix some handler of the router parses."""

    prefixes: dict[str, set[str]] = field(default_factory=dict)  # separator -> prefixes

    async def __call__(self, event: TelegramObject) -> bool:
        return self.accepts(event)

    def accepts(self, event: TelegramObject, raw_state: str | None = None) -> bool:
        if not isinstance(event, CallbackQuery):
            return True
        data = event.data or ""
        return any(data.split(sep, 1)[0] in names for sep, names in self.prefixes.items())


def _state_names(state: Any) -> set[str] | None:
    """The raw states a StateFilter entry accepts; None for "any" or "no state"."""
    if state is None or state == "*":
        return None
    if isinstance(state, str):
        return {state}
    if isinstance(state, State):
        return None if state.state in (None, "*") else {str(state.state)}
    if isinstance(state, StatesGroup):
        return set(type(state).__all_states_names__)
    if isclass(state) and issubclass(state, StatesGroup):
        return set(state.__all_states_names__)
    return None


def _message_gate(handlers: list[HandlerObject]) -> MessageGate | None:
    """None when some handler has no command or state of its own (a catch-all)."""
    gate = MessageGate()
    for handler in handlers:
        bounded = False
        for item in handler.filters or ():
            found = item.callback
            if isinstance(found, Command) and not any(
                isinstance(c, re.Pattern) for c in found.commands
            ):
                if found.prefix != "/":
                    continue
                gate.commands |= {str(c).lower() for c in found.commands}
                bounded = True
                break
            if isinstance(found, StateFilter):
                names = [_state_names(s) for s in found.states]
                if all(n is not None for n in names):
                    gate.states |= set().union(*(n for n in names if n is not None))
                    bounded = True
                    break
        if not bounded:
            return None
    return gate


def _callback_gate(handlers: list[HandlerObject]) -> CallbackGate | None:
    gate = CallbackGate()
    for handler in handlers:
        found = next(
            (
                f.callback
                for f in handler.filters or ()
                if isinstance(f.callback, CallbackQueryFilter)
            ),
            None,
        )
        if found is None:
            return None
        data = found.callback_data
        gate.prefixes.setdefault(data.__separator__, set()).add(data.__prefix__)
    return gate


_GATES: WeakKeyDictionary[Router, dict[str, MessageGate | CallbackGate]] = WeakKeyDictionary()
"""The gates `install_gates` gave each router, by event type (read on every update)."""


def gate_of(router: Router, update_type: str) -> MessageGate | CallbackGate | None:
    return _GATES.get(router, {}).get(update_type)


class GatedRouter(Router):
    """A router whose sub-routers are skipped, without entering them, when their gate rejects
    the event (the gate stays their own filter too, so they are safe under any parent).

    Entering a router costs aiogram a middleware chain and a filter call even when it then
    rejects; a `/help` would enter ~30 of them."""

    async def _propagate_event(
        self, observer: Any, update_type: str, event: TelegramObject, **kwargs: Any
    ) -> Any:
        if observer is not None and (observer.handlers or observer._handler.filters):
            return await super()._propagate_event(observer, update_type, event, **kwargs)
        raw_state = kwargs.get("raw_state")
        for router in self.sub_routers:
            gate = gate_of(router, update_type)
            # A router with outer middlewares is entered anyway: they run before its filters.
            if (
                gate is not None
                and not router.observers[update_type].outer_middleware
                and not gate.accepts(event, raw_state)
            ):
                continue
            response = await router.propagate_event(update_type=update_type, event=event, **kwargs)
            if response is not UNHANDLED:
                return response
        return UNHANDLED


def install_gates(router: Router) -> None:
    """Give every leaf router below `router` its gates (again: replaces earlier ones)."""
    for sub in router.sub_routers:
        if sub.sub_routers:
            install_gates(sub)
            continue
        for name, build in (("message", _message_gate), ("callback_query", _callback_gate)):
            observer = sub.observers[name]
            own = observer._handler.filters or []
            observer._handler.filters = [
                f for f in own if not isinstance(f.callback, MessageGate | CallbackGate)
            ]
            gate = build(observer.handlers)
            if gate is not None:
                observer._handler.filters.insert(0, FilterObject(gate))
                _GATES.setdefault(sub, {})[name] = gate
            else:
                _GATES.get(sub, {}).pop(name, None)
