"""Portable string enums (a VARCHAR with a CHECK on every backend)."""

from __future__ import annotations

import enum

from sqlalchemy import Enum


def str_enum(cls: type[enum.Enum]) -> Enum:
    return Enum(
        cls,
        native_enum=False,
        create_constraint=True,
        length=max(20, *(len(m.value) for m in cls)),
        values_callable=lambda members: [m.value for m in members],
        name=cls.__name__.lower(),
    )
