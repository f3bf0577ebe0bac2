"""One check run's pages: axe in one Chromium and vnu in one Java run, with the verdicts of one each."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

import pytest

from pipeline.checks import html_validators
from pipeline.checks.html_validators import axe, shared, vnu, vnu_reports

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


def test_axe_in_one_shared_browser_gives_each_pages_own_verdict(pages) -> None:
    good, bad = pages
    alone = [axe(good), axe(bad)]
    with shared():
        together = [axe(good), axe(bad), axe(good)]
    assert [r.ok for r in together] == [True, False, True]
    assert together[:2] == alone
    assert any("image-alt" in m for m in together[1].messages)


def test_the_calling_thread_can_still_run_asyncio_while_the_shared_browser_is_up(pages) -> None:
    with shared():
        assert axe(pages[0]).ok
        assert asyncio.run(asyncio.sleep(0, result="free")) == "free"


def test_prefetched_pages_are_validated_in_one_java_run_with_the_verdicts_of_one_run_each(pages, monkeypatch) -> None:
    good, bad = pages
    alone = {page: vnu(page) for page in pages}
    runs = java_runs(monkeypatch)
    with shared() as validators:
        validators.prefetch_vnu(pages)
        together = {page: vnu(page) for page in pages}
    assert len(runs) == 1 and str(good) in runs[0] and str(bad) in runs[0]
    assert together == alone
    assert together[good].ok and not together[bad].ok and "alt" in together[bad].messages[0]


def test_a_page_changed_since_its_prefetch_is_validated_again(pages, monkeypatch) -> None:
    good, _ = pages
    runs = java_runs(monkeypatch)
    with shared() as validators:
        validators.prefetch_vnu([good])
        good.write_text(BAD + "\n", encoding="utf-8")  # another size: another version
        report = vnu(good)
    assert len(runs) == 2 and not report.ok


def test_a_page_vnu_cannot_read_fails_alone_among_good_ones(pages, tmp_path) -> None:
    broken = tmp_path / "not-a-page.html"
    broken.write_bytes(b"\xff\xfe\x00<html")  # not UTF-8: vnu reports it for its URL
    reports = vnu_reports([*pages, broken])
    assert reports[pages[0]].ok and not reports[broken].ok
