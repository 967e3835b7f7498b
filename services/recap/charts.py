"""PNG charts with matplotlib's object API and the Agg renderer (no pyplot, no display).

Rendering is CPU-bound and blocks for a few hundred milliseconds, so callers run these
functions in a worker thread (`asyncio.to_thread`); a lock serialises them, because
matplotlib's font and text caches are shared by the whole process. Labels come in from the
caller already translated (services know no gettext).
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from datetime import date

import matplotlib
from matplotlib.artist import Artist
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from services.recap.chart_labels import ChartLabels
from services.recap.month import DayState, MonthRecap

__all__ = ["ChartLabels", "month_chart", "team_chart"]

matplotlib.use("Agg")  # never a display backend, even if pyplot gets imported elsewhere

_LOCK = threading.Lock()
DPI = 100
NAME_CHARS = 26

STATUS_COLORS = {
    "approved": "#2e7d32",
    "submitted": "#1e88e5",
    "revision": "#fb8c00",
    "rejected": "#e57373",
}
BACKGROUND = {
    DayState.OFF: "#eeeeee",
    DayState.HOLIDAY: "#d6d6d6",
    DayState.LEAVE: "#d7e8f7",
}
TODAY = "#fff2a8"
STATE_ORDER = (
    DayState.APPROVED,
    DayState.REPORTED,
    DayState.MISSING,
    DayState.LEAVE,
    DayState.HOLIDAY,
    DayState.NOT_YET,
    DayState.OFF,
)
STATE_COLORS = {
    DayState.APPROVED: "#2e7d32",
    DayState.REPORTED: "#a5d6a7",
    DayState.MISSING: "#e53935",
    DayState.LEAVE: "#64b5f6",
    DayState.HOLIDAY: "#9e9e9e",
    DayState.NOT_YET: "#f7f7f7",
    DayState.OFF: "#e0e0e0",
}


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def month_chart(recap: MonthRecap, labels: ChartLabels) -> bytes:
    """Minutes per day stacked by status, the daily target line, days marked."""
    with _LOCK:
        figure = Figure(figsize=(10, 5.4), dpi=DPI)
        figure.subplots_adjust(left=0.07, right=0.98, top=0.92, bottom=0.2)
        axes = figure.add_subplot()
        xs = [d.day.day for d in recap.days]
        for day in recap.days:
            color = TODAY if day.day == recap.today else BACKGROUND.get(day.state)
            if color:
                axes.axvspan(day.day.day - 0.5, day.day.day + 0.5, color=color, zorder=0, lw=0)
        bottom = [0] * len(xs)
        for name in ("approved", "submitted", "revision", "rejected"):
            values = [getattr(d, name) for d in recap.days]
            axes.bar(xs, values, bottom=bottom, color=STATUS_COLORS[name], width=0.72, zorder=2)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        target = recap.target_minutes
        axes.axhline(target, color="#424242", linestyle="--", linewidth=1.2, zorder=3)
        top = max([target, *bottom])
        axes.set_ylim(0, top * 1.2 + 1)
        axes.set_xlim(0.5, len(xs) + 0.5)
        axes.set_xticks(xs, [str(x) for x in xs], fontsize=8)
        for tick, day in zip(axes.get_xticklabels(), recap.days, strict=True):
            if day.state is DayState.MISSING:
                tick.set_color("#c62828")
                tick.set_fontweight("bold")
            if day.day == recap.today:
                tick.set_fontweight("bold")
        axes.set_ylabel(labels.minutes)
        axes.set_title(f"{_short(recap.member.name, 60)} — {labels.month}", fontsize=12)
        axes.spines[["top", "right"]].set_visible(False)
        handles: list[Artist] = [
            Patch(color=STATUS_COLORS[k], label=getattr(labels, k))
            for k in ("approved", "submitted", "revision", "rejected")
        ]
        handles += [
            Patch(color=BACKGROUND[DayState.LEAVE], label=labels.leave),
            Patch(color=BACKGROUND[DayState.HOLIDAY], label=labels.holiday),
            Patch(color=BACKGROUND[DayState.OFF], label=labels.off),
            Patch(color=TODAY, label=labels.today),
        ]
        handles.append(
            axes.axhline(
                target,
                color="#424242",
                linestyle="--",
                linewidth=1.2,
                label=labels.target.format(minutes=target),
            )
        )
        figure.legend(handles=handles, loc="lower center", ncol=5, fontsize=8, frameon=False)
        return _png(figure)


def team_chart(
    people: Sequence[MonthRecap],
    columns: Sequence[date],
    today: date,
    title: str,
    page: int,
    pages: int,
    labels: ChartLabels,
) -> bytes:
    """People × days, one colour per day state, approved minutes and compliance per row."""
    with _LOCK:
        rows, cols = len(people), len(columns)
        left, right, top, bottom = 2.3, 1.5, 0.45, 0.7  # inches around the grid
        width = left + 0.34 * max(cols, 10) + right
        height = top + 0.36 * max(rows, 3) + bottom
        figure = Figure(figsize=(width, height), dpi=DPI)
        figure.subplots_adjust(
            left=left / width, right=1 - right / width, top=1 - top / height, bottom=bottom / height
        )
        axes = figure.add_subplot()
        index = {state: i for i, state in enumerate(STATE_ORDER)}
        matrix = []
        for person in people:
            by_day = {d.day: d.state for d in person.days}
            matrix.append([index[by_day[c]] for c in columns])
        colormap = ListedColormap([STATE_COLORS[s] for s in STATE_ORDER])
        axes.imshow(
            matrix or [[index[DayState.NOT_YET]] * max(cols, 1)],
            cmap=colormap,
            vmin=-0.5,
            vmax=len(STATE_ORDER) - 0.5,
            aspect="auto",
            interpolation="nearest",
        )
        axes.set_xticks(range(cols), [str(c.day) for c in columns], fontsize=7)
        axes.set_yticks(
            range(rows), [_short(p.member.name, NAME_CHARS) for p in people], fontsize=8
        )
        # Cell borders as two line collections (minor ticks would cost a Tick object each).
        axes.vlines([x - 0.5 for x in range(1, cols)], -0.5, rows - 0.5, color="white", lw=1.5)
        axes.hlines([y - 0.5 for y in range(1, rows)], -0.5, cols - 0.5, color="white", lw=1.5)
        axes.tick_params(length=0)
        if today in columns:
            x = list(columns).index(today)
            axes.add_patch(
                Rectangle((x - 0.5, -0.5), 1, max(rows, 1), fill=False, ec="#f9a825", lw=2.5)
            )
        for y, person in enumerate(people):
            percent = person.compliance_percent
            axes.text(
                cols - 0.3,
                y,
                f"  {person.approved_minutes:,} {labels.minutes_short} · "
                f"{'-' if percent is None else percent}%".replace(",", "."),
                va="center",
                fontsize=8,
                clip_on=False,
            )
        axes.set_title(
            f"{_short(title, 60)} — {labels.month} ({labels.page.format(page=page, pages=pages)})",
            fontsize=11,
        )
        handles = [Patch(color=STATE_COLORS[s], label=labels.state(s)) for s in STATE_ORDER[:-1]]
        figure.legend(handles=handles, loc="lower center", ncol=6, fontsize=8, frameon=False)
        return _png(figure)
