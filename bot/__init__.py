"""Composition root: configuration, wiring, entry points."""
