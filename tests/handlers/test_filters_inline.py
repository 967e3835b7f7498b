"""aiogram runs a synchronous filter or handler in a worker thread for every update that reaches
it (a bare `State`, an `F` expression, a plain function); on the hot path that costs more than
the handler. Every filter and handler of the bot must be a coroutine or a `Filter` object."""

from __future__ import annotations

from collections.abc import Iterator

from aiogram import Router
from aiogram.dispatcher.event.handler import CallableObject

from handlers.routers import build_root_router
from tests.handlers.conftest import detach_routers


def _callables(router: Router) -> Iterator[tuple[str, CallableObject]]:
    for name, observer in router.observers.items():
        for handler in observer.handlers:
            where = f"{router.name}.{name}:{getattr(handler.callback, '__name__', handler)}"
            yield where, handler
            for event_filter in handler.filters or ():
                yield f"{where} filter {event_filter.callback!r}", event_filter
        for event_filter in observer._handler.filters or ():
            yield f"{router.name}.{name} router filter {event_filter.callback!r}", event_filter
    for sub in router.sub_routers:
        yield from _callables(sub)


def test_no_filter_or_handler_runs_in_a_thread() -> None:
    root = build_root_router()
    try:
        blocking = [where for where, item in _callables(root) if not item.awaitable]
    finally:
        detach_routers(root)
    assert blocking == []
