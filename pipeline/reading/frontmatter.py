"""Split a source into YAML front matter and a Markdown body (one pure function, like MkDocs).

Every scalar stays a string: YAML 1.1's implicit typing turns `no` into False and
`2026-02-30` into an exception, and a medical source deserves an explicit check instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import Problem, SourceError

MAX_SOURCE_BYTES = 1024 * 1024  # a patient summary is a few kB; a 1 MB one is a mistake
MAX_DEPTH = 8  # a glossary is a mapping in a mapping; deeper is a mistake (or an attack on the parser)


class _StringLoader(yaml.SafeLoader):
    """SafeLoader whose plain scalars are all strings (no bools, dates or numbers)."""


_StringLoader.yaml_implicit_resolvers = {}

# libyaml's parser (PyYAML's C loader) reads a front matter about 8 times faster; its error messages
# differ from the pure-Python parser's, so a front matter that does not parse is read again by the
# latter, and an editor sees the same message, line and column either way.
_FastLoader: type = _StringLoader
if getattr(yaml, "__with_libyaml__", False):

    class _CStringLoader(yaml.CSafeLoader):
        """CSafeLoader whose plain scalars are all strings."""

    _CStringLoader.yaml_implicit_resolvers = {}
    _FastLoader = _CStringLoader


@dataclass(frozen=True)
class FrontMatter:
    data: dict[str, Any]
    key_lines: dict[str, int]  # key -> 1-based line in the file
    body: str
    body_line: int  # 1-based line where the body starts
    errors: list[tuple[int, str, str, int | None]] = field(default_factory=list)  # (line, message, hint, column where known)


def split_front_matter(text: str) -> FrontMatter:
    """Return the parsed front matter and the body; never raises for bad input."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").rstrip() != "---":
        return FrontMatter(
            {},
            {},
            text,
            1,
            [(1, "no front matter", "start the file with a line '---', the YAML keys, then '---'", None)],
        )
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return FrontMatter(
            {},
            {},
            "",
            len(lines) + 1,
            [(1, "front matter is never closed", "end the YAML block with a line '---'", None)],
        )
    yaml_text = "".join(lines[1:end])
    body = "".join(lines[end + 1 :])
    body_line = end + 2
    try:
        try:
            data, key_lines, errors = load_mapping(yaml_text, loader=_FastLoader)
        except yaml.YAMLError:
            data, key_lines, errors = load_mapping(yaml_text)  # raises again, with the pure parser's words
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        column = mark.column + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return FrontMatter(
            {},
            {},
            body,
            body_line,
            [(line, f"malformed YAML: {problem}", "check indentation, colons and quotes", column)],
        )
    return FrontMatter(data, key_lines, body, body_line, [(line, message, hint, None) for line, message, hint in errors])


def load_mapping(
    yaml_text: str, first_line: int = 2, loader: type = _StringLoader
) -> tuple[dict[str, Any], dict[str, int], list[tuple[int, str, str]]]:
    """A YAML mapping of strings, the line of each key, and (line, message, hint) errors.

    `first_line` is the file's line number of the YAML's first line (2 after a `---` line);
    raises yaml.YAMLError for YAML that does not parse.
    """
    offset = first_line
    depth = 0
    for event in yaml.parse(yaml_text, Loader=loader):
        line = event.start_mark.line + offset if event.start_mark else offset
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return {}, {}, [(line, "YAML anchors and aliases are not allowed", "write each value out")]
        depth += isinstance(event, yaml.CollectionStartEvent) - isinstance(event, yaml.CollectionEndEvent)
        if depth > MAX_DEPTH:
            return {}, {}, [(line, f"the YAML is nested over {MAX_DEPTH} levels deep", "front matter is keys, lists and glossary entries")]
    node = yaml.compose(yaml_text, Loader=loader)
    if node is None:
        return {}, {}, []
    if not isinstance(node, yaml.MappingNode):
        return {}, {}, [(offset, "the YAML must be 'key: value' lines", "e.g. title: POEMS syndrome")]
    data: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    errors: list[tuple[int, str, str]] = []
    builder = _StringLoader("")
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + offset
        key = builder.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            errors.append((line, f"key {key!r} is not a name", "keys are words such as 'title'"))
            continue
        if key in data:
            errors.append((line, f"duplicate key '{key}'", f"'{key}' is already set on line {key_lines[key]}"))
            continue
        data[key] = builder.construct_object(value_node, deep=True)
        key_lines[key] = line
        if isinstance(value_node, yaml.MappingNode):
            for sub_key, _ in value_node.value:
                key_lines[f"{key}.{sub_key.value}"] = sub_key.start_mark.line + offset
        elif isinstance(value_node, yaml.SequenceNode):  # "sources.0", "sources.0.url": each item's line
            for index, item in enumerate(value_node.value):
                key_lines[f"{key}.{index}"] = item.start_mark.line + offset
                for sub_key, _ in item.value if isinstance(item, yaml.MappingNode) else ():
                    key_lines[f"{key}.{index}.{sub_key.value}"] = sub_key.start_mark.line + offset
    return data, key_lines, errors


def read_side_file(path: Path, category: str, what: str, max_bytes: int) -> tuple[dict[str, Any], dict[str, int], list[Problem], bytes]:
    """A YAML file beside the sources (publisher.yaml, a clinic's file): its mapping, key lines, the
    problems of its mapping at their lines, and its bytes. A file too large, not UTF-8 or not YAML
    raises SourceError naming it (nothing more can be read of it)."""
    raw = path.read_bytes()
    if len(raw) > max_bytes:
        raise SourceError([Problem("error", category, "the file is too large", path, None, f"{what} is a few lines")])
    try:
        data, lines, errors = load_mapping(raw.decode("utf-8").removeprefix("\ufeff"), first_line=1)
    except UnicodeDecodeError:
        raise SourceError([Problem("error", "encoding", "the file is not UTF-8", path, None, "re-save it as UTF-8")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        message = f"malformed YAML: {getattr(exc, 'problem', None) or exc}"
        raise SourceError([Problem("error", category, message, path, line, "check indentation, colons and quotes")]) from None
    return data, lines, [Problem("error", category, message, path, line, hint) for line, message, hint in errors], raw
