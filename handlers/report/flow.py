"""/lapor: guided steps (Target → Kegiatan → Waktu → Realisasi → Bukti → card) and the quick
form `/lapor 08.00-10.30 Menyusun draf`, which asks only for what is missing.

This module only gathers the dialog; the concerns live beside it: `steps` (the router, the
draft in the dialog state, asking a step, the card), `typed` (commands and typed answers, the
catch-all last), `buttons` (callbacks). Nothing typed is thrown away: a too-long activity is
kept until it is cut or replaced."""

from __future__ import annotations

from handlers.report import buttons, typed
from handlers.report.steps import ReportForm, router, show_card, start_report

# Imported for the handlers they add to `router`.
__all__ = ["ReportForm", "buttons", "router", "show_card", "start_report", "typed"]
