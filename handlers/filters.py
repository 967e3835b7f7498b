"""Router-level filters on the current employee (loaded by middleware)."""

from __future__ import annotations

from aiogram import F
from aiogram.filters import MagicData

registered = MagicData(F.employee.is_not(None))
unregistered = MagicData(F.employee.is_(None))
admin = MagicData(F.employee.is_admin.is_(True))
