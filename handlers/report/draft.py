"""The report being written: a typed draft, kept in the dialog state as JSON between updates."""

from __future__ import annotations

import enum
import secrets
from dataclasses import asdict, dataclass, field, replace
from datetime import date, time
from typing import Any

from models import Activity, EvidenceKind
from services.report_rules import ActivityDraft, EvidenceInput
from services.timeparse import WorkTime

EVIDENCE_FIELDS = ("file_id", "file_unique_id", "file_name", "mime_type", "file_size", "url")
TARGET_LABEL = 80  # characters of an RHK kept for its button


class Step(enum.StrEnum):
    TARGET = "target"
    DESCRIPTION = "description"
    TIME = "time"
    OUTPUT = "output"
    EVIDENCE = "evidence"


GUIDED = (Step.TARGET, Step.DESCRIPTION, Step.TIME, Step.OUTPUT, Step.EVIDENCE)


def new_flow_id() -> str:
    return secrets.token_hex(4)


@dataclass
class ReportDraft:
    """What the person has told so far. `flow` ties buttons to this draft; `asked` are the
    steps already shown (a guided report asks each once, a quick one only what is missing)."""

    work_date: date
    guided: bool
    flow: str = field(default_factory=new_flow_id)
    targets: list[tuple[int, str]] = field(default_factory=list)
    target_set: bool = False
    plan_item_id: int | None = None
    description: str | None = None
    too_long: str | None = None  # a description over the limit, kept until cut or replaced
    minutes: int | None = None
    start: time | None = None
    end: time | None = None
    qty: int | None = None
    unit: str | None = None
    evidence: list[EvidenceInput] = field(default_factory=list)
    asked: list[Step] = field(default_factory=list)
    activity_id: int | None = None
    version: int | None = None
    editing: bool = False  # a field opened from the card: back to the card when answered
    long_ok: bool = False  # the person confirmed a time over the agency's long-activity limit

    # -- what is answered and what comes next ------------------------------------------------
    def answered(self, step: Step) -> bool:
        return {
            Step.TARGET: self.target_set or not self.targets,
            Step.DESCRIPTION: bool(self.description),
            Step.TIME: bool(self.minutes),
            Step.OUTPUT: False,
            Step.EVIDENCE: False,
        }[step]

    def next_step(self, after: Step | None = None) -> Step | None:
        """The step to ask after `after` was answered (None: from the start), or None for the
        card. A guided report walks the steps in order, skipping what was told before without
        being asked (an activity typed at the target step); a quick one or a field opened from
        the card asks only what is still missing."""
        required = [s for s in (Step.DESCRIPTION, Step.TIME) if not self.answered(s)]
        if self.guided and not self.editing:
            order = self.order()
            start = order.index(after) + 1 if after in order else 0
            for step in order[start:]:
                if step is Step.TARGET and self.target_set:
                    continue
                if self.answered(step) and step not in self.asked:
                    continue
                return step
        return required[0] if required else None

    def order(self) -> list[Step]:
        return [s for s in GUIDED if s is not Step.TARGET or self.targets]

    def previous_step(self, current: Step | None) -> Step:
        """Where "Back" goes from `current` (None: the card)."""
        order = self.order()
        if current is None:
            return order[-1] if self.guided else Step.TIME
        index = order.index(current) if current in order else 0
        return order[max(0, index - 1)]

    def with_time(self, work_time: WorkTime) -> ReportDraft:
        """A new time needs a new confirmation if it is long."""
        return replace(
            self,
            minutes=work_time.minutes,
            start=work_time.start,
            end=work_time.end,
            long_ok=False,
        )

    # -- to and from the dialog state -------------------------------------------------------
    def to_state(self) -> dict[str, Any]:
        raw = asdict(self)
        raw["work_date"] = self.work_date.isoformat()
        raw["start"] = self.start.isoformat("minutes") if self.start else None
        raw["end"] = self.end.isoformat("minutes") if self.end else None
        raw["evidence"] = [
            {"kind": str(e.kind)} | {f: getattr(e, f) for f in EVIDENCE_FIELDS}
            for e in self.evidence
        ]
        raw["targets"] = [[item_id, text] for item_id, text in self.targets]
        raw["asked"] = [str(s) for s in self.asked]
        return raw

    @classmethod
    def from_state(cls, raw: dict[str, Any]) -> ReportDraft:
        """The draft stored by `to_state`; KeyError/ValueError for anything else."""
        return cls(
            work_date=date.fromisoformat(raw["work_date"]),
            guided=bool(raw["guided"]),
            flow=str(raw["flow"]),
            targets=[(int(i), str(t)) for i, t in raw.get("targets", [])],
            target_set=bool(raw.get("target_set")),
            plan_item_id=raw.get("plan_item_id"),
            description=raw.get("description"),
            too_long=raw.get("too_long"),
            minutes=raw.get("minutes"),
            start=time.fromisoformat(raw["start"]) if raw.get("start") else None,
            end=time.fromisoformat(raw["end"]) if raw.get("end") else None,
            qty=raw.get("qty"),
            unit=raw.get("unit"),
            evidence=[
                EvidenceInput(
                    kind=EvidenceKind(e["kind"]), **{f: e.get(f) for f in EVIDENCE_FIELDS}
                )
                for e in raw.get("evidence", [])
            ],
            asked=[Step(s) for s in raw.get("asked", [])],
            activity_id=raw.get("activity_id"),
            version=raw.get("version"),
            editing=bool(raw.get("editing")),
            long_ok=bool(raw.get("long_ok")),
        )

    def to_activity(self) -> ActivityDraft:
        return ActivityDraft(
            work_date=self.work_date,
            description=self.description or "",
            minutes=int(self.minutes or 0),
            start_time=self.start,
            end_time=self.end,
            output_quantity=self.qty,
            output_unit=self.unit,
            evidence=list(self.evidence),
            plan_item_id=self.plan_item_id,
        )


def new_draft(
    work_date: date, guided: bool, targets: list[tuple[int, str]] | None = None
) -> ReportDraft:
    """`targets`: the RHKs this work can serve (empty without a plan)."""
    return ReportDraft(
        work_date,
        guided,
        targets=[(item_id, text[:TARGET_LABEL]) for item_id, text in targets or []],
    )


def from_activity(activity: Activity, targets: list[tuple[int, str]] | None = None) -> ReportDraft:
    """A draft that edits an existing activity (remembers its version for stale checks)."""
    draft = new_draft(activity.work_date, guided=False, targets=targets)
    return replace(
        draft,
        description=activity.description,
        minutes=activity.minutes,
        start=activity.start_time,
        end=activity.end_time,
        qty=activity.output_quantity,
        unit=activity.output_unit,
        evidence=[
            EvidenceInput(kind=e.kind, **{f: getattr(e, f) for f in EVIDENCE_FIELDS})
            for e in activity.evidence
        ],
        activity_id=activity.id,
        version=activity.version,
        plan_item_id=activity.plan_item_id,
        target_set=True,
    )
