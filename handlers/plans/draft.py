"""The SKP being written in chat (/skp_baru) or one RHK being fixed: a typed draft kept in the
dialog state as JSON between updates."""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from handlers.report.draft import new_flow_id
from services.plan_cards import Rhk
from services.plans import IndicatorInput, ItemInput

PARENT_LABEL = 60  # characters of a supervisor's RHK kept for its button


class PlanStep(enum.StrEnum):
    RHK = "rhk"
    PARENT = "parent"
    IKI = "iki"
    TARGET = "target"


@dataclass
class ItemDraft:
    text: str = ""
    parent: int | None = None
    iki: str = ""
    target: str = ""  # a Decimal as text
    unit: str = ""

    def to_input(self) -> ItemInput:
        return ItemInput(
            text=self.text,
            parent_item_id=self.parent,
            indicators=[IndicatorInput(self.iki, Decimal(self.target), self.unit)],
        )

    @property
    def target_text(self) -> str:
        return f"{Decimal(self.target).normalize():f} {self.unit}" if self.target else ""


@dataclass
class PlanDraft:
    """`parents`: the supervisor's approved RHK offered at the parent step (empty: none to
    choose, either at the top of the hierarchy or before the supervisor's plan is approved).
    `plan_id`/`item_id` set: fixing that one RHK, whose current values are in `current`."""

    flow: str = field(default_factory=new_flow_id)
    parents: list[Rhk] = field(default_factory=list)
    items: list[ItemDraft] = field(default_factory=list)
    current: ItemDraft = field(default_factory=ItemDraft)
    plan_id: int | None = None
    item_id: int | None = None

    @property
    def editing(self) -> bool:
        return self.item_id is not None

    def steps(self) -> list[PlanStep]:
        return [s for s in PlanStep if s is not PlanStep.PARENT or self.parents]

    def after(self, step: PlanStep) -> PlanStep | None:
        order = self.steps()
        index = order.index(step) + 1 if step in order else 0
        return order[index] if index < len(order) else None

    def parent_allowed(self, item_id: int) -> bool:
        return any(p.id == item_id for p in self.parents)

    @property
    def keeps_parent(self) -> bool:
        """An RHK being fixed already intervenes one of the RHK offered."""
        return self.editing and self.parent_allowed(self.current.parent or 0)

    def finish_item(self) -> None:
        self.items.append(self.current)
        self.current = ItemDraft()

    def to_state(self) -> dict[str, Any]:
        raw = asdict(self)
        raw["parents"] = [[p.id, p.text] for p in self.parents]
        return raw

    @classmethod
    def from_state(cls, raw: dict[str, Any]) -> PlanDraft:
        """The draft stored by `to_state`; KeyError/ValueError/TypeError for anything else."""
        return cls(
            flow=str(raw["flow"]),
            parents=[Rhk(int(i), str(t)) for i, t in raw["parents"]],
            items=[ItemDraft(**i) for i in raw["items"]],
            current=ItemDraft(**raw["current"]),
            plan_id=raw.get("plan_id"),
            item_id=raw.get("item_id"),
        )


@dataclass(frozen=True)
class ReturnDraft:
    """The assessor is writing the note for returning `plan_id`."""

    plan_id: int

    def to_state(self) -> dict[str, Any]:
        return {"return_plan": self.plan_id}

    @classmethod
    def from_state(cls, raw: dict[str, Any]) -> ReturnDraft:
        return cls(int(raw["return_plan"]))
