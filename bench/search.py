"""Section 6 of `make bench`: the catalogue of 1,000 generated summaries and its search (issue #31).

1,000 sources (tests/generated.py: POEMS and the fixtures in four languages, each with a word of its
own) are written to a scratch folder and `python -m pipeline catalogue` makes their catalogue in one
whole process (GNU time). Then: the size of the front page, of each page and of the stylesheet; the
search index's size per language; and the query time in headless Chromium, the catalogue served over
HTTP on the loopback address: Pagefind's search() for a summary's own word, timed in the page
(performance.now) from the call to the result's data, the first query of a page (it loads the index
chunks) and then warm, the median of --runs words.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from measure import ROOT, Figure, environment, measure

sys.path.insert(0, str(ROOT / "tests"))

QUERY_MS = 300.0  # target: a warm query, from the call to the result's data, in headless Chromium
PAGE_KB = 50.0  # target: the front page and every page of the catalogue (the stylesheet is loaded once)

TIMED = """async ([word, warm]) => {
  const pagefind = await import(new URL("pagefind/en/pagefind.js", document.baseURI).href);
  for (const code of ["ar", "es", "fr"]) await pagefind.mergeIndex(new URL(`pagefind/${code}/`, document.baseURI).href, { language: code });
  if (warm) await (await pagefind.search("migraine")).results[0].data();
  const started = performance.now();
  const found = await pagefind.search(word);
  const first = found.results.length ? await found.results[0].data() : null;
  return [performance.now() - started, found.results.length, first ? first.url : ""];
}"""


def _kb(path: Path) -> float:
    return path.stat().st_size / 1024


def search(tmp: Path, python: str, count: int, runs: int) -> tuple[list[Figure], dict[str, bool]]:
    import generated
    from browser import chromium, served

    project = tmp / "search"
    sources = generated.write_sources(project / "source", count)
    out = project / "output"
    print(f"\n6. search: a catalogue of {len(sources)} generated summaries (4 languages), `python -m pipeline catalogue`", flush=True)
    made = measure(
        f"catalogue of {len(sources)}: pages, index, feed, FHIR, sitemap",
        [python, "-m", "pipeline", "catalogue", "--out", str(out)],
        1,
        project,
        environment(),
    )
    print(f"  {made.name:<58} {made.runs:>4} {made.wall:8.2f} {made.cpu:8.2f} {made.peak_mb:8.0f}")
    pages = sorted(out.glob("index-*.html"))
    sizes = [_kb(p) for p in pages]
    print(
        f"  front page {_kb(out / 'index.html'):.1f} kB; {len(pages)} pages of at most 50, {min(sizes):.1f} to {max(sizes):.1f} kB;"
        f" catalogue.css {_kb(out / 'catalogue.css'):.1f} kB (loaded once)"
    )
    index = {
        folder.name: sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1024
        for folder in sorted((out / "pagefind").iterdir())
    }
    print(f"  search index {sum(index.values()) / 1024:.1f} MB: " + ", ".join(f"{lang} {kb:.0f} kB" for lang, kb in index.items()))
    plan = generated.plan(count)
    words = [(generated.word(n), generated.slug(n, lang)) for n, lang, _ in plan[:: max(1, count // runs)]][:runs]
    cold, warm = [], []
    with chromium() as browser, served(out) as site:
        for word, slug in words:
            for timings, is_warm in ((cold, False), (warm, True)):
                context = browser.new_context()
                page = context.new_page()
                page.goto(site + "catalogue.css")  # a document of the site that runs no search of its own
                ms, hits, url = page.evaluate(TIMED, [word, is_warm])
                context.close()
                assert hits == 1 and slug in url, (word, hits, url)
                timings.append(ms)
    print(
        f"  query in Chromium ({len(words)} words, each finds its one summary): first of a page {statistics.median(cold):.0f} ms,"
        f" then {statistics.median(warm):.0f} ms (median; worst {max(warm):.0f} ms)"
    )
    met = {"search-query": statistics.median(warm) <= QUERY_MS, "search-pages": max([*sizes, _kb(out / "index.html")]) <= PAGE_KB}
    return [made], met
