"""Every cache verifies what it hands out: an entry cut short or overwritten is said, deleted and
made again, and what is built from it is what an empty cache gives (the speech clips, the fonts
and the covers have tests of their own: test_speech_cache, test_font_cache, test_cover_cache)."""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path

import jinja2
import pytest
from conftest import GOOD_BODY, GOOD_FRONT

from pipeline.building import sources
from pipeline.cache import seal
from pipeline.reading import translations
from pipeline.rendering.templating import SealedBytecode
from pipeline.tts import offline


def _cut(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def test_a_damaged_translations_scan_is_said_and_read_again_from_the_files(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr("pipeline.output.cache_dir", lambda name, setting=None: tmp_path / "cache" / name)
    folder = tmp_path / "source"
    folder.mkdir()
    (folder / "asthma.md").write_text(GOOD_FRONT + GOOD_BODY)
    (folder / "asma.md").write_text(GOOD_FRONT.replace("---\ntitle", "---\nlanguage: es\ntranslation_of: asthma\ntitle", 1) + GOOD_BODY)
    translations.forget()
    fresh = translations.families(folder)
    [memo] = (tmp_path / "cache" / "translations").glob("*.json")
    entry = json.loads(memo.read_bytes().split(b"\n", 2)[2])
    for planted in (seal(json.dumps({**entry, "asma.md": ["planted"]}).encode())[:-9], b'{"asma.md": ["lies"]}'):
        memo.write_bytes(planted)  # cut short, then written by something else: neither is believed
        translations.forget()  # as a new process, which reads the kept scan
        with caplog.at_level(logging.WARNING):
            assert translations.families(folder) == fresh
        assert memo.name in caplog.text and "is damaged" in caplog.text
        caplog.clear()


def test_damaged_kept_lint_warnings_are_said_and_made_again(source, tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(sources, "cache_dir", lambda name: tmp_path / "cache" / name)
    path = source(GOOD_FRONT + "\n## No plain\n\nText only.\n")
    first = sources.read_for_build(path, today=date(2026, 11, 25))[1]
    [kept] = (tmp_path / "cache" / "lint").glob("*.json")
    _cut(kept)
    with caplog.at_level(logging.WARNING):
        assert sources.read_for_build(path, today=date(2026, 11, 25))[1] == first
    assert kept.name in caplog.text and "is damaged" in caplog.text


@pytest.mark.slow
@pytest.mark.skipif(not offline.PiperVoice.available("en"), reason="piper-tts or its voice is not installed")
def test_a_damaged_converted_voice_model_is_said_made_again_and_speaks_the_same(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(offline, "cache_dir", lambda name: tmp_path / name)
    monkeypatch.setattr(offline, "PIPER_PROCESSES", 1)
    texts = ["Hello.", "Your nurse will call you."]
    first = offline.PiperVoice("en").synthesise(texts)  # makes and keeps the converted model
    [model] = (tmp_path / "voices").glob("*.onnx")
    for damage in (_cut, lambda p: p.write_bytes(b"\0" * p.stat().st_size)):
        damage(model)
        with caplog.at_level(logging.WARNING):
            assert offline.PiperVoice("en").synthesise(texts) == first
        assert "is damaged" in caplog.text and model.name in caplog.text
        caplog.clear()


def test_a_damaged_compiled_template_is_said_and_compiled_again(tmp_path, caplog):
    def environment(root: Path) -> jinja2.Environment:  # a new process: a new environment, the same folder
        return jinja2.Environment(loader=jinja2.FileSystemLoader(str(root)), bytecode_cache=SealedBytecode(tmp_path / "templates"))

    root = tmp_path / "ours"
    root.mkdir()
    (root / "page.html.j2").write_text("{% for n in items %}<p>{{ n }}</p>{% endfor %}")
    assert environment(root).get_template("page.html.j2").render(items=[1, 2]) == "<p>1</p><p>2</p>"
    [entry] = (tmp_path / "templates").glob("*.jinja")
    for damage in (_cut, lambda p: p.write_bytes(b"not a template")):
        damage(entry)
        with caplog.at_level(logging.WARNING):
            assert environment(root).get_template("page.html.j2").render(items=[3]) == "<p>3</p>"
        assert entry.name in caplog.text and "is damaged" in caplog.text
        caplog.clear()
    # an edited template is compiled again, never its old code (Jinja checks the source)
    (root / "page.html.j2").write_text("{% for n in items %}<li>{{ n }}</li>{% endfor %}")
    assert environment(root).get_template("page.html.j2").render(items=[4]) == "<li>4</li>"
