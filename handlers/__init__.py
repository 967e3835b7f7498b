"""aiogram routers, one per feature (`handlers.routers.build_root_router` wires them).

Importing this package imports nothing else, so the CLI can use `handlers.texts` without
paying for aiogram's start-up.
"""
