"""Editorial checks that lint runs: readability, the fact guard (quantities, negation, alignment), plain rewrites."""
