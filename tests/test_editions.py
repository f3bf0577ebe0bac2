"""Every edition kept: a new version (or review) keeps the earlier PDFs, ebooks and audio under
output/<slug>/editions/<edition>/ with a record, the download page lists them, rebuilding the
same edition keeps nothing more, and `check` proves each kept edition whole (#29)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from conftest import run_cli
from test_trust import poems_with_trust

FORMATS = "pdf,epub,pages"


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("editions")
    (root / "source").mkdir()
    source = poems_with_trust(root / "source")  # version 2
    out = root / "out"
    assert run_cli("build", str(source), "--formats", FORMATS, "--out", str(out)).code == 0
    first = _digests(out / "poems-syndrome")
    text = source.read_text("utf-8").replace('version: "2"', 'version: "3"')
    source.write_text(text.replace("A new section", "Shorter sentences and a new section"))
    built = run_cli("build", str(source), "--formats", FORMATS, "--out", str(out))
    assert built.code == 0, built.err
    assert run_cli("catalogue", str(source), "--out", str(out)).code == 0  # the download page links to it
    return source, out, first


def test_a_new_version_keeps_the_earlier_editions_pdfs_and_ebook_byte_for_byte(two_versions):
    _, out, first = two_versions
    kept = out / "poems-syndrome" / "editions" / "2_2026-04-07"
    names = ["poems-syndrome-a4.pdf", "poems-syndrome-letter.pdf", "poems-syndrome-large-print.pdf", "poems-syndrome.epub"]
    assert {name: first[name] for name in names} == {name: d for name, d in _digests(kept).items() if name in names}
    assert not (kept / "index.html").exists() and not (kept / "poems-syndrome-large-print.html").exists()  # pages are not editions
    assert _digests(out / "poems-syndrome")["poems-syndrome-a4.pdf"] != first["poems-syndrome-a4.pdf"]  # the new edition in place


def test_the_download_page_lists_the_earlier_edition_with_its_date_and_working_links(two_versions):
    _, out, _ = two_versions
    page = (out / "poems-syndrome" / "index.html").read_text("utf-8")
    assert "Earlier editions" in page and "Version 2, reviewed 7 April 2026" in page
    links = re.findall(r'href="(editions/[^"]+)"', page)
    assert len(links) >= 4 and all((out / "poems-syndrome" / link).is_file() for link in links)


def test_rebuilding_the_same_edition_keeps_nothing_more_and_stays_byte_identical(two_versions):
    source, out, _ = two_versions
    before = {p: p.read_bytes() for p in (out / "poems-syndrome").rglob("*") if p.is_file()}
    assert run_cli("build", str(source), "--formats", FORMATS, "--out", str(out), "--force").code == 0
    after = {p: p.read_bytes() for p in (out / "poems-syndrome").rglob("*") if p.is_file()}
    assert after == before


def test_check_passes_the_current_edition_and_every_kept_one_and_names_a_damaged_kept_file(two_versions, tmp_path):
    source, out, _ = two_versions
    result = run_cli("check", str(source), "--formats", FORMATS, "--out", str(out), "--quick")
    assert result.code == 0, result.out + result.err
    assert re.search(r"edition\s+editions/2_2026-04-07/poems-syndrome-a4\.pdf\s+\S+ kB\s+pass", result.out), result.out
    kept = out / "poems-syndrome" / "editions" / "2_2026-04-07" / "poems-syndrome.epub"
    original = kept.read_bytes()
    try:
        kept.write_bytes(original[:-10] + b"0123456789")
        damaged = run_cli("check", str(source), "--formats", FORMATS, "--out", str(out), "--quick")
        assert damaged.code == 1 and "editions/2_2026-04-07/poems-syndrome.epub" in damaged.out
        assert "its bytes are not those kept for edition 2_2026-04-07" in damaged.out
    finally:
        kept.write_bytes(original)


def test_a_new_review_date_without_a_version_keeps_the_edition_under_its_date(source, tmp_path):
    from conftest import GOOD_BODY, GOOD_FRONT

    path = source(GOOD_FRONT + "\n" + GOOD_BODY)
    out = tmp_path / "out"
    assert run_cli("build", str(path), "--formats", "pdf", "--out", str(out)).code == 0
    path.write_text(path.read_text().replace("reviewed: 2026-04-07", "reviewed: 2026-10-01"))
    assert run_cli("build", str(path), "--formats", "pdf", "--out", str(out)).code == 0
    assert (out / "test-condition" / "editions" / "2026-04-07" / "test-condition-a4.pdf").is_file()
