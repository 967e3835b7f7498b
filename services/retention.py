"""Retention (UU 27/2022 PDP: keep personal data no longer than the purpose needs).

Evidence metadata (Telegram file ids, file names, links) is deleted once the work it proves is
older than `evidence_days` and no longer waits for verification; the activity itself stays, as
the record of work that evaluations and the Laporan Harian rest on. A dialog state nobody
touched for `dialog_days` is an abandoned dialog and is deleted (the person starts afresh).
0 days keeps that kind forever. The worker runs the purge hourly; `python -m bot purge` too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Activity, ActivityStatus, Evidence, FsmState
from services import audit
from services.audit import Actor


@dataclass(frozen=True)
class RetentionPolicy:
    evidence_days: int
    dialog_days: int


@dataclass(frozen=True)
class Purged:
    evidence: int
    dialogs: int


async def purge(session: AsyncSession, policy: RetentionPolicy, now: datetime) -> Purged:
    """Delete what is past its retention, audit how much, and commit."""
    evidence = dialogs = 0
    if policy.evidence_days:
        cutoff = (now - timedelta(days=policy.evidence_days)).date()
        expired = select(Activity.id).where(
            Activity.work_date < cutoff, Activity.status != ActivityStatus.SUBMITTED
        )
        result = await session.execute(delete(Evidence).where(Evidence.activity_id.in_(expired)))
        evidence = int(getattr(result, "rowcount", 0) or 0)
    if policy.dialog_days:
        stale = now - timedelta(days=policy.dialog_days)
        result = await session.execute(delete(FsmState).where(FsmState.updated_at < stale))
        dialogs = int(getattr(result, "rowcount", 0) or 0)
    if evidence or dialogs:
        audit.record(
            session,
            actor=Actor("retention"),
            at=now,
            action="retention.purge",
            entity="retention",
            entity_id=None,
            after={
                "evidence": evidence,
                "dialogs": dialogs,
                "evidence_days": policy.evidence_days,
                "dialog_days": policy.dialog_days,
            },
        )
    await session.commit()
    return Purged(evidence, dialogs)
