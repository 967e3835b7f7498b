"""The issue #15 benchmarks run end to end at a tiny size (no timing is asserted): the webhook
load against echo, one and two front ends; the broadcast by one and two sender processes."""

from __future__ import annotations

import pytest

from bench import broadcast, webhook

pytestmark = pytest.mark.e2e


async def test_webhook_benchmark_runs_every_setup(redis_url: str) -> None:
    argv = ["--rates", "10", "--seconds", "2", "--users", "5", "--drain", "30"]
    samples = await webhook.main([*argv, "--redis-url", redis_url])
    assert [(s.setup, s.pushed) for s in samples] == [
        ("echo", 20),
        ("kinerja×1", 20),
        ("kinerja×2", 20),
    ]
    assert all(s.latencies for s in samples)
    assert {"help", "lapor"} <= set(samples[1].kinds)


async def test_broadcast_benchmark_sends_each_message_once(redis_url: str) -> None:
    results = await broadcast.main(["--cases", "30@50", "--redis-url", redis_url])
    assert [r.workers for r in results] == [1, 2]
    assert all(r.all_sent and r.duplicates == 0 for r in results)
