"""The review page, rendered for real in headless Chromium (Debian's chromium package)."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from extractor.outputs.review import render_review, write_review
from extractor.spec import load_spec


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return name
    pytest.fail("Chromium is missing: `make test` installs Debian's chromium package")


def run_chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


class ReviewDom(HTMLParser):
    """What the rendered page holds: table blocks, highlighted cells, images."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[str] = []
        self.highlighted: set[str] = set()
        self.cells: set[str] = set()
        self.images = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "section" and "table-block" in classes:
            self.tables.append(attributes["data-table"] or "")
        if tag == "td" and "value" in classes:
            self.cells.add(attributes["data-key"] or "")
            if "flagged" in classes:
                self.highlighted.add(attributes["data-key"] or "")
        if tag == "img":
            self.images += 1


@pytest.fixture(scope="module")
def scanned_review(pdf_reports, tmp_path_factory) -> tuple[object, Path]:
    report = pdf_reports["scanned"]
    path = write_review(report, tmp_path_factory.mktemp("review") / "review.html")
    return report, path


def test_scanned_review_is_self_contained_and_small(scanned_review):
    """One file, no network: images embedded, one inline script (it saves the decisions),
    under 5 MB for the 17-page scan."""
    _, path = scanned_review
    text = path.read_text(encoding="utf-8")
    assert path.stat().st_size < 5_000_000
    assert text.count("<script") == 1 and "<script>" in text and "<link" not in text
    assert "fetch(" not in text and "XMLHttpRequest" not in text
    assert not re.search(r'(?:src|href)="(?:https?:)?//', text)  # nothing loaded from a network
    assert "data:image/jpeg;base64," in text and "<svg" in text


def test_chromium_renders_every_table_and_highlights_exactly_the_flagged_values(
        scanned_review, tmp_path):
    report, path = scanned_review
    dom = run_chromium(tmp_path, "--dump-dom", path.as_uri()).stdout
    assert "Review of nve-ams-status-2016h1-scanned.pdf" in dom  # the page loaded
    page = ReviewDom()
    page.feed(dom)
    assert page.tables == [t.id for t in load_spec().tables]  # every contract table
    flagged = {"|".join(o.key) for o in report.observations if o.flags}
    assert page.highlighted == flagged
    assert page.cells == {"|".join(o.key) for o in report.observations}
    assert page.images >= 14  # a crop for every table read from the pages


def test_chromium_screenshot_shows_the_highlights(scanned_review, tmp_path):
    _, path = scanned_review
    shot = tmp_path / "review.png"
    run_chromium(tmp_path, "--hide-scrollbars", "--window-size=1400,4000",
                 f"--screenshot={shot}", path.as_uri())
    image = Image.open(shot).convert("RGB")
    assert image.size == (1400, 4000)  # the decisions list comes before the tables
    colours = image.getcolors(maxcolors=1 << 20) or []
    severe = sum(n for n, rgb in colours if rgb == (255, 179, 179))  # td.severe #ffb3b3
    flagged = sum(n for n, rgb in colours if rgb == (255, 227, 179))  # td.flagged #ffe3b3
    assert severe > 500 and flagged > 500


def test_text_review_marks_values_in_the_source_lines(seed_report):
    html = render_review(seed_report)
    assert '<pre class="lines">' in html
    assert '<mark class="clean">2 284 127</mark>' in html
    assert '<mark class="severe">34</mark>' in html  # the 34/33 disagreement
    assert "Needs a human" in html
