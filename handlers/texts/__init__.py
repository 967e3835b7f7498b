"""The bot's words, by purpose: `format` (days, durations, statuses), `problems` (why input was
refused), `report`, `plans`, `help`, `staff` (imports; shared with the CLI).

Importing this package imports nothing else: the CLI uses `staff` and `problems` without
aiogram (they translate through `handlers.gettext`).
"""
