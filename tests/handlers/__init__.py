"""Handler tests: real Dispatcher, fake Telegram session, real database."""
