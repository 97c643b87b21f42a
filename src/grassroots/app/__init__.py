"""What users call: the CLI and the read side (query, report, export, status)."""
