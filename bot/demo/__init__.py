"""The demo: a sample agency in `./data/demo.db`, the local Bot API server with its web chat,
and the real bot process pointed at it (`python -m bot demo`, or `make run` without a token)."""
