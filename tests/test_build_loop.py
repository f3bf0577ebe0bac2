"""The build loop: up-to-date outputs are skipped, a failing output does not stop the others."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import GOOD_BODY, GOOD_FRONT

from pipeline import Options, build
from pipeline.cli.main import main
from pipeline.writers import REGISTRY


@pytest.fixture(autouse=True)
def text_writer(monkeypatch):
    monkeypatch.setitem(REGISTRY, "text", "plain_writer")


def _source(folder: Path, slug: str, title: str = "Test condition") -> Path:
    path = folder / f"{slug}.md"
    path.write_text(GOOD_FRONT.replace("Test condition", title) + GOOD_BODY)
    return path


def test_an_unchanged_source_is_skipped_as_up_to_date_and_a_changed_one_rebuilt(tmp_path):
    source = _source(tmp_path, "alpha")
    options = Options(out_dir=tmp_path / "out", formats=("text",), quiet=True)
    assert [o.status for o in build([source], options).outcomes] == ["built"]
    assert [o.status for o in build([source], options).outcomes] == ["up to date"]
    source.write_text(source.read_text().replace("made-up illness used", "made-up illness, used"))
    assert [o.status for o in build([source], options).outcomes] == ["built"]
    forced = Options(out_dir=tmp_path / "out", formats=("text",), quiet=True, force=True)
    assert [o.status for o in build([source], forced).outcomes] == ["built"]


def test_an_output_edited_by_hand_is_rebuilt(tmp_path):
    source = _source(tmp_path, "alpha")
    options = Options(out_dir=tmp_path / "out", formats=("text",), quiet=True)
    build([source], options)
    (tmp_path / "out" / "alpha" / "alpha.txt").write_text("tampered")
    assert [o.status for o in build([source], options).outcomes] == ["built"]
    assert "Medically reviewed 7 April 2026" in (tmp_path / "out" / "alpha" / "alpha.txt").read_text()


def test_a_failing_output_is_reported_the_others_are_built_and_the_exit_status_is_2(tmp_path, capsys):
    good, bad = _source(tmp_path, "alpha"), _source(tmp_path, "beta", "FAIL condition")
    code = main(["build", str(good), str(bad), "--formats", "text", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert "beta text: output: cannot write beta.txt: disk full" in err
    assert "1 built, 0 up to date, 1 failed" in err
    assert (tmp_path / "out" / "alpha" / "alpha.txt").is_file()
    assert not (tmp_path / "out" / "beta").exists() or not any((tmp_path / "out" / "beta").iterdir())


def test_jobs_build_summaries_in_parallel_with_the_same_bytes(tmp_path):
    sources = [_source(tmp_path, f"s{i}") for i in range(4)]
    one = Options(out_dir=tmp_path / "one", formats=("text",), quiet=True)
    two = Options(out_dir=tmp_path / "two", formats=("text",), quiet=True, jobs=2)
    assert len(build(sources, one).written) == len(build(sources, two).written) == 4
    for i in range(4):
        assert (tmp_path / "one" / f"s{i}" / f"s{i}.txt").read_bytes() == (tmp_path / "two" / f"s{i}" / f"s{i}.txt").read_bytes()


def test_a_format_failing_half_way_puts_back_every_output_of_that_summary(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(REGISTRY, "halfway", "halfway_writer")
    source = _source(tmp_path, "alpha")
    out = tmp_path / "out"
    options = Options(out_dir=out, formats=("text", "halfway"), quiet=True)
    assert [o.status for o in build([source], options).outcomes] == ["built", "built"]
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    source.write_text(GOOD_FRONT.replace("Test condition", "New title") + GOOD_BODY.replace("made-up illness used", "BOOM illness used"))
    code = main(["build", str(source), "--formats", "text,halfway", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert "alpha halfway: output: cannot write alpha.second: disk full" in err
    assert "not kept: halfway failed, so alpha's previous outputs stay whole" in err
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before  # the old title in the text, the old words in both files, the old records
    source.write_text(GOOD_FRONT + GOOD_BODY)
    assert [o.status for o in build([source], options).outcomes] == ["up to date", "up to date"]
