"""Helpers every stage uses and that use no stage: the user-facing errors, reports, exit codes,
secrets, safe JSON, escaping, durable file writes and the generated-file note."""
