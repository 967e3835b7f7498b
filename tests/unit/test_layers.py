"""The floors: services/ and models/ never import aiogram (docs/ARCHITECTURE.md); the heavy file
builders are not loaded by a running bot until a file is built."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOWER_FLOORS = [p for floor in ("services", "models") for p in sorted((ROOT / floor).rglob("*.py"))]


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", LOWER_FLOORS, ids=lambda p: str(p.relative_to(ROOT)))
def test_services_and_models_do_not_import_the_bot_framework_or_handlers(path: Path) -> None:
    assert not _imported(path) & {"aiogram", "handlers", "bot"}


def test_the_lower_floors_are_found() -> None:
    assert len(LOWER_FLOORS) > 40


FILE_BUILDERS = ("openpyxl", "fpdf", "matplotlib", "PIL", "numpy", "fontTools")


def test_the_running_bot_loads_the_file_builders_only_when_a_file_is_built() -> None:
    """openpyxl, fpdf2 and matplotlib (with Pillow, numpy, fontTools) are ~60 MiB in every front
    end and worker; they are imported by the function that builds or reads a file."""
    import subprocess
    import sys

    code = (
        "import sys, bot.app, bot.webhook, bot.runtime, bot.__main__; "
        f"print(sorted(m for m in {FILE_BUILDERS!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "[]"
