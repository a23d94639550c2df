"""Helpers every stage uses and that use no stage: reports, exit codes, secrets, safe JSON,
escaping and durable file writes."""
