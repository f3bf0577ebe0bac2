"""Front matter is parsed by libyaml (PyYAML's C loader) for speed, with the pure-Python parser's
messages, lines and columns: an editor sees the same thing whichever parser read the file."""

from __future__ import annotations

import pytest
import yaml
from conftest import FIXTURES, POEMS

from pipeline.reading import frontmatter
from pipeline.reading.frontmatter import split_front_matter

BROKEN = {
    "a colon inside a value": "---\ntitle: POEMS: a syndrome\nreviewed: 2026-04-07\n---\n",
    "a tab for indentation": "---\nglossary:\n\tterm: text\n---\n",
    "an unclosed quote": '---\ntitle: "POEMS syndrome\nreviewed: 2026-04-07\n---\n',
    "a bad indentation": "---\ntitle: POEMS\n  reviewed: 2026-04-07\n---\n",
    "an unclosed bracket": "---\ntitle: [POEMS\nreviewed: 2026-04-07\n---\n",
    "a duplicate key": "---\ntitle: A\ntitle: B\n---\n",
    "an alias": "---\ntitle: &a POEMS\nsummary: *a\n---\n",
    "nesting too deep": "---\na:\n" + "".join("  " * n + f"k{n}:\n" for n in range(1, 12)) + "  " * 12 + "x: y\n---\n",
    "a list at the top": "---\n- title\n- reviewed\n---\n",
}


def _pure(monkeypatch: pytest.MonkeyPatch, text: str) -> frontmatter.FrontMatter:
    with monkeypatch.context() as patch:
        patch.setattr(frontmatter, "_FastLoader", frontmatter._StringLoader)
        return split_front_matter(text)


def test_the_fast_loader_is_libyaml_where_pyyaml_has_it():
    assert yaml.__with_libyaml__ and issubclass(frontmatter._FastLoader, yaml.CSafeLoader)


@pytest.mark.parametrize("text", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_front_matter_gives_the_same_message_line_and_column_with_either_parser(monkeypatch, text):
    fast = split_front_matter(text)
    assert fast.errors, "each of these is an error"
    assert fast.errors == _pure(monkeypatch, text).errors


@pytest.mark.parametrize("path", [POEMS, *sorted(FIXTURES.glob("*.md"))], ids=lambda p: p.name)
def test_every_real_front_matter_reads_to_the_same_values_and_key_lines_with_either_parser(monkeypatch, path):
    text = path.read_text("utf-8")
    fast, pure = split_front_matter(text), _pure(monkeypatch, text)
    assert (fast.data, fast.key_lines, fast.errors) == (pure.data, pure.key_lines, pure.errors)
    assert all(isinstance(v, (str, dict)) for v in fast.data.values())  # no YAML 1.1 booleans or dates
