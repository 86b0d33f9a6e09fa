"""A fixed handful of generated layouts, read against the editions' goldens.

Why: every committed sample PDF comes from one program (fpdf2, one style). These layouts
come from another (reportlab, samples/make_layouts.py), each seed a different choice of
flow, fonts, rules, header shapes, separators, running headers, tables split over pages,
landscape pages and cells left empty; two are also "scanned". Each is read with the public
API and every value of its edition's golden (fixtures/<edition>/observations.csv) is
compared. The full sweep (over a hundred text layouts, thirty scans, peers) is the opt-in
benchmark `benchmarks/layouts.py`; its results are in BENCHMARKS.md.

The handful is chosen to hold each habit at least once (see LAYOUTS); the test on the
manifests below keeps it so if the generator's choices change.
"""

from __future__ import annotations

import csv
import importlib.util
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from extractor import extract
from extractor.readers.pdf import ReadOptions

ROOT = Path(__file__).resolve().parent.parent
pytest.importorskip("reportlab")


def _generator():
    spec = importlib.util.spec_from_file_location("make_layouts",
                                                  ROOT / "samples" / "make_layouts.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_layouts"] = module
    spec.loader.exec_module(module)
    return module


make_layouts = _generator()
EDITIONS = {path.stem.removeprefix("nve-ams-status-"): path
            for path in make_layouts.all_editions()}

# (edition, seed): what each layout holds, as its manifest records it.
LAYOUTS = {
    ("2016h1", 0): "no rules, wrapped headers, running header, three tables split, flowing",
    ("2017-06", 1): "full grid, running header, a table split over a page break",
    ("2017-12-mixed", 2): "zebra rows, stacked headers, two empty cells",
    ("2018-h1-ocr", 2): "row rules, wrapped headers, a split table, an empty cell",
    ("2018-q1-nn", 1): "full grid, stacked headers, landscape page, split, an empty cell",
    ("2019-q1-nn", 2): "dark header band, wrapped headers, page per section, two empty cells",
}
# Scanned twins (200-300 dpi, skew, noise): OCR is held to a tolerance, never to silence.
SCANS = {("2016h1", 2): "no rules, 283 dpi", ("2018-q1-nn", 2): "full grid, Nynorsk, 271 dpi"}
SCAN_MIN_EXACT = 0.97
NOT_A_WARNING = {"approximate"}


def truth(path: Path) -> dict[tuple[str, str, str], Decimal]:
    with open(path, encoding="utf-8", newline="") as f:
        return {(r["table"], r["row"], r["column"]): Decimal(r["value"])
                for r in csv.DictReader(f)}


def read_layout(tmp_path_factory, edition: str, seed: int, scanned: bool = False):
    out = tmp_path_factory.mktemp(f"layout-{edition}-{seed}")
    layout = make_layouts.generate(EDITIONS[edition], seed, out, scanned=scanned)
    report = extract(layout.pdf, options=ReadOptions(use_cache=False))
    return layout, report


@pytest.fixture(scope="module", params=sorted(LAYOUTS), ids=lambda p: f"{p[0]}-{p[1]}")
def text_layout(request, tmp_path_factory):
    return read_layout(tmp_path_factory, *request.param)


def score(layout, report) -> tuple[int, int, list[str]]:
    """(exact, values, silent errors): a value where the page printed none counts too."""
    got = {o.key: o for o in report.observations}
    exact, values, silent = 0, 0, []
    for key, value in truth(layout.truth).items():
        found = got.get(key)
        flagged = found is not None and bool(set(found.flags) - NOT_A_WARNING)
        if key in layout.blanked:
            if found is not None and not flagged:
                silent.append(f"{'/'.join(key)}: {found.value} in an empty cell")
            continue
        values += 1
        if found is not None and found.value == value:
            exact += 1
        elif found is not None and not flagged:
            silent.append(f"{'/'.join(key)}: {found.value} for {value}")
    return exact, values, silent


def test_every_value_of_a_text_layout_is_exact(text_layout) -> None:
    layout, report = text_layout
    exact, values, silent = score(layout, report)
    assert silent == []
    missing = [k for k in truth(layout.truth) if k not in layout.blanked
               and k not in {o.key for o in report.observations}]
    assert (exact, missing) == (values, [])


def test_empty_cells_stay_empty_and_shift_nothing(text_layout) -> None:
    layout, report = text_layout
    keys = {o.key for o in report.observations}
    assert not layout.blanked & keys
    # Their neighbours in the same row are exact (covered above); the row itself is there.
    for table, row, _ in layout.blanked:
        assert any(k[:2] == (table, row) for k in keys) or all(
            k[:2] != (table, row) or k in layout.blanked for k in truth(layout.truth))


def test_running_headers_and_footers_are_no_rows(text_layout) -> None:
    layout, report = text_layout
    header = str(layout.features.get("running_header") or "")
    footer = str(layout.features.get("footer_text") or "")
    texts = [w.message for w in report.warnings if w.code in {"unmatched_label",
                                                             "stray_numbers"}]
    for furniture in filter(None, (header, footer)):
        assert not any(furniture in text for text in texts), furniture
    # The only labels left unmatched are the edition's own new rows, as in its golden run.
    golden = extract(EDITIONS[layout.edition.removeprefix("nve-ams-status-")])
    assert ({w.message for w in report.warnings if w.code == "unmatched_label"}
            <= {w.message for w in golden.warnings if w.code == "unmatched_label"})


def test_a_table_split_over_pages_is_one_table(text_layout) -> None:
    layout, report = text_layout
    got = {o.key: o.value for o in report.observations}
    for table in layout.features.get("split_tables") or []:
        keys = [k for k in truth(layout.truth) if k[0] == table and k not in layout.blanked]
        assert keys and all(got.get(k) == v for k, v in truth(layout.truth).items()
                            if k in keys), table
        pages = {o.page for o in report.observations if o.key[0] == table}
        assert len(pages) >= 2, f"{table} was to be split over pages: {pages}"


def test_the_handful_holds_every_habit_it_is_chosen_for(tmp_path: Path) -> None:
    features = {key: make_layouts.generate(EDITIONS[key[0]], key[1], tmp_path).features
                for key in LAYOUTS}
    assert {f["rules"] for f in features.values()} >= {"none", "row_rules", "full_grid",
                                                        "zebra", "header_band"}
    assert {f["header_mode"] for f in features.values()} >= {"stacked", "wrapped"}
    assert sum(bool(f.get("split_tables")) for f in features.values()) >= 4
    assert any(f.get("landscape_tables") for f in features.values())
    assert sum(len(f.get("blanked") or []) for f in features.values()) >= 5
    assert sum(bool(f.get("running_header")) for f in features.values()) >= 4


@pytest.mark.parametrize("key", sorted(SCANS), ids=lambda p: f"{p[0]}-{p[1]}-scan")
def test_a_scanned_layout_is_read_within_tolerance_and_never_silently_wrong(
        key, tmp_path_factory) -> None:
    layout, report = read_layout(tmp_path_factory, *key, scanned=True)
    exact, values, silent = score(layout, report)
    assert silent == []
    assert exact >= SCAN_MIN_EXACT * values, f"{exact}/{values} exact"


def test_a_share_wider_than_its_header_does_not_join_the_next_count(tmp_path_factory) -> None:
    """2016h1 seed 15, text layer, unruled: the installers table's header prints "(%)"
    over shares "(14%)" wider than it, so the gap between "(%)" and the next "Antall" has
    its middle inside the share. Stop 29's rule (a header gap through one value word is
    OCR's wide space in one header cell) then dropped the cut, and "(14%) 7" became one
    unreadable cell: 9 of the table's 12 values lost. The cut moves to the stretch of the
    gap that no value covers and that has values on both sides (`cut_clear_of_values`)."""
    layout, report = read_layout(tmp_path_factory, "2016h1", 15)
    expected = {k: v for k, v in truth(layout.truth).items()
                if k[0] == "installation_workforce"}
    got = {o.key: o.value for o in report.observations if o.table == "installation_workforce"}
    assert len(expected) == 12 and got == expected
