"""How deep a source may nest: the Markdown tree and every writer walk it recursively, so a
thousand nested emphases would end in Python's recursion limit, not in a refusal."""

from __future__ import annotations

from markdown_it.token import Token

MAX_NESTING = 16  # emphasis in emphasis or a link, lists in lists: prose needs two or three


def too_deep(tokens: list[Token]) -> int | None:
    """The line (from 0) of the first block or inline nested over MAX_NESTING deep, if any."""
    for token in tokens:
        depth = token.level
        for child in token.children or []:
            depth += child.nesting
            if depth > MAX_NESTING + token.level:
                return token.map[0] if token.map else 0
        if token.level > 3 * MAX_NESTING:  # a list item is three levels (list, item, paragraph)
            return token.map[0] if token.map else 0
    return None
