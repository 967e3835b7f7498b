"""The report being written, as JSON-safe FSM data, and its conversion to a service draft."""

from __future__ import annotations

import secrets
from datetime import date, time
from typing import Any

from models import Activity, EvidenceKind
from services.report_rules import ActivityDraft, EvidenceInput
from services.timeparse import WorkTime

EVIDENCE_FIELDS = ("file_id", "file_unique_id", "file_name", "mime_type", "file_size", "url")


def new_flow_id() -> str:
    return secrets.token_hex(4)


def new_draft(
    work_date: date, guided: bool, targets: list[tuple[int, str]] | None = None
) -> dict[str, Any]:
    """`targets`: the RHKs this work can serve (empty without a plan)."""
    return {
        "targets": [[item_id, text[:80]] for item_id, text in targets or []],
        "plan_item_id": None,
        "flow": new_flow_id(),
        "guided": guided,
        "work_date": work_date.isoformat(),
        "description": None,
        "minutes": None,
        "start": None,
        "end": None,
        "qty": None,
        "unit": None,
        "evidence": [],
        "activity_id": None,
        "version": None,
        "editing": False,
    }


def with_time(data: dict[str, Any], work_time: WorkTime) -> dict[str, Any]:
    return data | {
        "minutes": work_time.minutes,
        "start": work_time.start.isoformat("minutes") if work_time.start else None,
        "end": work_time.end.isoformat("minutes") if work_time.end else None,
    }


def evidence_to_dict(evidence: EvidenceInput) -> dict[str, Any]:
    return {"kind": str(evidence.kind)} | {f: getattr(evidence, f) for f in EVIDENCE_FIELDS}


def evidence_from_dict(raw: dict[str, Any]) -> EvidenceInput:
    return EvidenceInput(kind=EvidenceKind(raw["kind"]), **{f: raw.get(f) for f in EVIDENCE_FIELDS})


def to_activity_draft(data: dict[str, Any]) -> ActivityDraft:
    return ActivityDraft(
        work_date=date.fromisoformat(data["work_date"]),
        description=data["description"] or "",
        minutes=int(data["minutes"] or 0),
        start_time=time.fromisoformat(data["start"]) if data.get("start") else None,
        end_time=time.fromisoformat(data["end"]) if data.get("end") else None,
        output_quantity=data.get("qty"),
        output_unit=data.get("unit"),
        evidence=[evidence_from_dict(e) for e in data.get("evidence", [])],
        plan_item_id=data.get("plan_item_id"),
    )


def from_activity(
    activity: Activity, targets: list[tuple[int, str]] | None = None
) -> dict[str, Any]:
    """A draft that edits an existing activity (remembers its version for stale checks)."""
    data = new_draft(activity.work_date, guided=False, targets=targets)
    data.update(
        description=activity.description,
        minutes=activity.minutes,
        start=activity.start_time.isoformat("minutes") if activity.start_time else None,
        end=activity.end_time.isoformat("minutes") if activity.end_time else None,
        qty=activity.output_quantity,
        unit=activity.output_unit,
        evidence=[
            evidence_to_dict(
                EvidenceInput(kind=e.kind, **{f: getattr(e, f) for f in EVIDENCE_FIELDS})
            )
            for e in activity.evidence
        ],
        activity_id=activity.id,
        version=activity.version,
        plan_item_id=activity.plan_item_id,
    )
    return data
