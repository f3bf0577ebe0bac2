"""Per-format output checks: `check(summary, files, quick) -> {file: [problems]}` (empty list = pass)."""
