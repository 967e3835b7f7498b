"""Test doubles for the Telegram side."""
