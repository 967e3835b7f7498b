"""The typed answer being waited for: which evaluation, what about, and the card message that
shows the question (it is edited back when the answer is saved)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from aiogram.fsm.state import State, StatesGroup

from handlers.evaluation.keyboards import Ask
from models import CoreValue


class EvalForm(StatesGroup):
    text = State()


@dataclass(frozen=True)
class AnswerDraft:
    ask: Ask
    evaluation_id: int
    message_id: int  # the card (or the employee's summary) showing the question
    item_id: int = 0  # Ask.NOTE
    value: CoreValue | None = None  # Ask.VALUE_NOTE
    subject: str = ""  # the RHK or value quoted in the question

    def to_state(self) -> dict[str, Any]:
        raw = asdict(self)
        raw["ask"] = str(self.ask)
        raw["value"] = str(self.value) if self.value else None
        return raw

    @classmethod
    def from_state(cls, raw: dict[str, Any]) -> AnswerDraft:
        """The draft stored by `to_state`; KeyError/ValueError/TypeError for anything else."""
        return cls(
            ask=Ask(raw["ask"]),
            evaluation_id=int(raw["evaluation_id"]),
            message_id=int(raw["message_id"]),
            item_id=int(raw.get("item_id") or 0),
            value=CoreValue(raw["value"]) if raw.get("value") else None,
            subject=str(raw.get("subject") or ""),
        )
