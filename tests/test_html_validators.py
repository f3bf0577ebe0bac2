"""One check run's pages: axe in one Chromium and vnu in one Java run, with the verdicts of one each."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

import pytest

from pipeline.checks import html_validators
from pipeline.checks.html_validators import axe, shared, vnu

pytestmark = pytest.mark.slow  # real Chromium and Java

GOOD = '<!DOCTYPE html><html lang="en"><head><title>Good</title></head><body><main><h1>Good</h1><p>Fine.</p></main></body></html>'
BAD = '<!DOCTYPE html><html lang="en"><head><title>Bad</title></head><body><main><h1>Bad</h1><img src="x.png"></main></body></html>'


@pytest.fixture
def pages(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "dossier josé"  # a space and a letter outside ASCII, as vnu writes them in its URLs
    folder.mkdir()
    (folder / "good.html").write_text(GOOD, encoding="utf-8")
    (folder / "bad page.html").write_text(BAD, encoding="utf-8")
    return folder / "good.html", folder / "bad page.html"


def java_runs(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    runs: list[list[str]] = []
    real = subprocess.run

    def counted(command, *args, **kwargs):  # the real run, its commands recorded
        runs.append([str(c) for c in command])
        return real(command, *args, **kwargs)

    monkeypatch.setattr(html_validators.subprocess, "run", counted)
    return runs


def test_axe_in_one_shared_browser_gives_each_pages_own_verdict_and_leaves_asyncio_to_the_caller(pages) -> None:
    good, bad = pages
    alone = [axe(good), axe(bad)]
    with shared():
        together = [axe(good), axe(bad), axe(good)]
        assert asyncio.run(asyncio.sleep(0, result="free")) == "free"  # Playwright keeps to its own thread
    assert [r.ok for r in together] == [True, False, True]
    assert together[:2] == alone
    assert any("image-alt" in m for m in together[1].messages)


def test_prefetched_pages_are_validated_in_one_java_run_with_the_verdicts_of_one_run_each(pages, tmp_path, monkeypatch) -> None:
    unreadable = tmp_path / "not-a-page.html"
    unreadable.write_bytes(b"\xff\xfe\x00<html")  # not UTF-8: vnu fails it by its URL, and it alone
    every = [*pages, unreadable]
    alone = {page: vnu(page) for page in every}
    runs = java_runs(monkeypatch)
    with shared() as validators:
        validators.prefetch_vnu(every)
        together = {page: vnu(page) for page in every}
    assert len(runs) == 1 and all(str(page) in runs[0] for page in every)
    assert together == alone
    assert [together[p].ok for p in every] == [True, False, False] and "alt" in together[pages[1]].messages[0]


def test_a_page_changed_since_its_prefetch_is_validated_again(pages, monkeypatch) -> None:
    good, _ = pages
    runs = java_runs(monkeypatch)
    with shared() as validators:
        validators.prefetch_vnu([good])
        good.write_text(BAD + "\n", encoding="utf-8")  # another size: another version
        report = vnu(good)
    assert len(runs) == 2 and not report.ok


def test_a_java_that_does_not_start_is_an_error_not_a_pass(pages, monkeypatch) -> None:
    from pipeline.errors import OutputError

    monkeypatch.setattr(html_validators, "JAVA", ["java", "-Xmx1k"])  # the real JVM, refusing to start: "Too small maximum heap"
    with pytest.raises(OutputError, match=r"did not run[\s\S]*Too small maximum heap"):
        vnu(pages[0])
