"""How hard the guard pushes: `make test` uses "ci" (a bounded number of examples per test);
before a release run `HYPOTHESIS_PROFILE=release make pytest` (the same tests, many more
examples)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,  # database round trips vary with the machine
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
settings.register_profile("guard-ci", max_examples=10, **_COMMON)
settings.register_profile("guard-release", max_examples=300, **_COMMON)

GUARD = settings(
    settings.get_profile(
        "guard-release" if os.environ.get("HYPOTHESIS_PROFILE") == "release" else "guard-ci"
    )
)
