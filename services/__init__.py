"""The domain: use cases as plain async functions over an AsyncSession. No Telegram here."""
