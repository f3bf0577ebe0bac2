"""Per-format output checks: `check(summary, files, options, quick) -> {file: [problems]}` (empty list = pass)."""
