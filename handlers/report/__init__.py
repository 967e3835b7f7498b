"""/lapor: the guided and the quick daily report."""
