"""The pipeline: source → sections → tables → checks → report. It runs the stages; each
stage's decisions are its own module's.

    read_source      the input as lines and words (readers/), furniture dropped and
                     footnote markers taken off their words (layout/markers.py), a
                     count glued to its share split (layout/glued.py)
    find_sections    titles matched to the spec's tables (semantics/sections.py), one
                     section chosen per table (semantics/section_choice.py)
    read_table       each table by its kind: grid, prose or chart (semantics/kinds.py);
                     a grid's cells found by layout (table_grids, layout/grids.py)
    resolve_splits   rows whose numbers split more than one way: the checks choose
                     (semantics/splits.py)
    run_checks       the spec's checks (checks/); failing values get check_failed:<rule>
                     (semantics/flags.py)
    read again       scanned pages whose tables did not come out whole are OCR'd again
                     (`second_readings`: at `ReadOptions.second_dpi`, then from the grey
                     page); each keeps the reading whose tables score higher
                     (semantics/reading_choice.py)
    with_corrections a reviewer's decisions on the values read applied (corrections/),
                     and the checks run again on the values as corrected
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

from .checks import run_checks
from .corrections import apply_corrections, corrections_for
from .document_reading import lay_out, read_again, read_source_words, with_bands, with_pages
from .errors import InputError, UsageError
from .layout.furniture import drop_furniture
from .layout.glued import split_glued_values
from .layout.grids import table_part_grids
from .layout.markers import separate_markers
from .model import (
    CheckResult,
    Document,
    Edition,
    ExtractedTable,
    Fact,
    Line,
    ReportWarning,
    Section,
    SourceWords,
)
from .model.grid import Grid, PageGraphics
from .model.review import Correction, CorrectionsFile
from .model.spec import ReportSpec
from .readers.ocr import OcrSettings
from .readers.pdf import ReadOptions
from .report import Report
from .runtime.limits import input_limits
from .semantics.comments import table_comments, with_measures
from .semantics.edition import detect_edition, given_edition
from .semantics.facts import extract_facts
from .semantics.flags import (
    flag_failures,
    flag_low_confidence,
    missing_value_warnings,
    skipped_check_warnings,
    unmatched_label_warnings,
    unmatched_labels,
)
from .semantics.kinds import read_table
from .semantics.markers import with_marker_notes
from .semantics.reading_choice import better_pages, better_parts, pages_to_reread
from .semantics.section_choice import choose_sections
from .semantics.sections import find_sections
from .semantics.splits import cell_store, resolve_splits
from .semantics.table_parse import TableParse
from .spec import load_spec


def extract(
    path: str | Path,
    *,
    spec: ReportSpec | None = None,
    edition: str | None = None,
    options: ReadOptions | None = None,
    corrections: Sequence[Path] | None = None,
) -> Report:
    """Extract every table of the spec from one input file (text or PDF).

    `edition` sets the edition ("2017-06", "2017-Q2"), instead of the period
    the report states. `corrections` are a reviewer's corrections files; None reads the
    input's own, beside it (`report.corrections.csv` for `report.pdf`), if there is one.
    The whole extraction keeps to `options.limits`' time and memory.
    """
    options = options or ReadOptions()
    spec = spec or load_spec()
    decisions, files = corrections_for(Path(path), corrections)
    with input_limits(options.limits, str(path)):
        report = _extract(path, spec, edition, options.with_language(spec.locale.ocr_language))
    return with_corrections(report, decisions, files, spec)


def with_corrections(report: Report, corrections: Sequence[Correction],
                     files: tuple[CorrectionsFile, ...], spec: ReportSpec) -> Report:
    """The report with the corrections of its edition applied (in place), and, when a
    value changed, its checks run again on the values as corrected."""
    outcomes, warnings = apply_corrections(report.extracted, report.edition_id, corrections)
    report.corrections, report.correction_files = outcomes, files
    report.warnings += warnings
    if any(outcome.status == "corrected" for outcome in outcomes):
        for obs in report.observations:
            obs.flags = [flag for flag in obs.flags if not flag.startswith("check_failed:")]
        report.checks, skipped = _checked(report.extracted, report.facts, spec, report.edition)
        report.warnings = [w for w in report.warnings if w.code != "check_skipped"] + skipped
    return report


def _extract(path: str | Path, spec: ReportSpec, edition: str | None,
             options: ReadOptions) -> Report:
    read = read_source_words(path, options)
    report = _extract_read(read, path, spec, edition)
    for ocr, why in second_readings(options):
        again = pages_to_reread(report)
        if not again:
            break
        read, report = _read_again(read, report, again, ocr, why, path, options, spec, edition)
    return report


def second_readings(options: ReadOptions) -> list[tuple[OcrSettings, str]]:
    """The OCR settings scanned pages are read again with, in turn, while their tables do
    not come out whole, and why a page that keeps one does: the page at
    `ReadOptions.second_dpi`, then the grey page at that resolution. Tesseract reads our
    thresholded page best in most scans; where one threshold for the page cuts the thin
    strokes of blurred light digits, it reads the grey page better (BENCHMARKS.md)."""
    first, dpi = options.settings, options.second_dpi
    if not dpi or dpi <= first.dpi:
        return []
    return [(replace(first, dpi=dpi), f"read again at {dpi} dpi: its tables came out "
                                      f"more whole than at {first.dpi} dpi"),
            (replace(first, dpi=dpi, grey=True),
             f"read again at {dpi} dpi from the grey page: its tables came out more whole "
             f"than in its earlier readings")]


def _read_again(read: SourceWords, report: Report, again: set[int], ocr: OcrSettings,
                why: str, path: str | Path, options: ReadOptions, spec: ReportSpec,
                edition: str | None) -> tuple[SourceWords, Report]:
    """The reading and its extraction after the pages `again` are read with `ocr`: each
    page, or each stretch of a page that holds a table, keeps whichever reading its tables
    score higher in (semantics/reading_choice.py)."""
    closer = read_again(path, options, again, ocr)
    second_read = with_pages(read, closer, again, why)
    second = _extract_read(second_read, path, spec, edition)
    better, bands = better_parts(report, second, again)
    if better == again:
        return second_read, second
    if not better and not bands:
        return read, report
    mixed_read, mixed = _mixed(read, closer, better, bands, why, path, spec, edition)
    if not bands or not (worse := better_pages(mixed, report, set(bands))):
        return mixed_read, mixed
    # A page whose parts together read worse than its first reading keeps that one (a
    # table over two pages may read worse with one page's part taken); the other pages
    # keep theirs, unless one of them then reads worse too.
    bands = {page: kept for page, kept in bands.items() if page not in worse}
    if bands:
        mixed_read, mixed = _mixed(read, closer, better, bands, why, path, spec, edition)
        if not better_pages(mixed, report, set(bands)):
            return mixed_read, mixed
    if better:
        return _mixed(read, closer, better, {}, why, path, spec, edition)
    return read, report


def _mixed(read: SourceWords, closer: SourceWords, pages: set[int],
           bands: dict[int, list[tuple[float, float]]], why: str, path: str | Path,
           spec: ReportSpec, edition: str | None) -> tuple[SourceWords, Report]:
    """The reading `read` with `pages` whole and `bands` of other pages taken from `closer`
    (a second reading), and its extraction."""
    chosen = with_bands(with_pages(read, closer, pages, why), closer, bands, f"{why}, in part")
    return chosen, _extract_read(chosen, path, spec, edition)


def _extract_read(read: SourceWords, path: str | Path, spec: ReportSpec,
                  edition: str | None) -> Report:
    """The stages after reading: sections, tables, checks."""
    document = split_glued_values(separate_markers(
        drop_furniture(lay_out(read), locale=spec.locale)))
    sections = find_sections(document.lines, spec)
    if not any(section.table_id for section in sections):
        raise InputError(f"{path}: no section of an AMS status report was found")
    found_edition, guess = _edition(document, sections, spec, path)
    warnings: list[ReportWarning] = []
    if edition is not None:
        try:
            found_edition = given_edition(edition, found_edition)
        except ValueError as error:
            raise UsageError(str(error)) from None
    elif guess is not None:
        warnings.append(ReportWarning("edition_guessed", guess))

    warnings += [
        ReportWarning(f"page_{page.method.replace('-', '_')}", f"page {page.number}: {page.note}",
                      None, page.number)
        for page in document.pages if page.method == "skipped"
    ]
    chosen = choose_sections(sections, warnings)
    grids_of = partial(table_grids, graphics={page.page: page for page in document.graphics})
    tables: list[ExtractedTable] = []
    parses: dict[str, TableParse] = {}
    for table_spec in spec.tables:
        table, parse = read_table(table_spec, chosen.get(table_spec.id), found_edition.id,
                                  grids_of, warnings)
        tables.append(table)
        if parse is not None:
            parses[table.id] = parse
    tables = [with_marker_notes(table, document.markers) for table in tables]
    unmatched = unmatched_labels(parses)
    warnings += unmatched_label_warnings(unmatched)
    warnings += missing_value_warnings(tables, spec, found_edition.id)

    facts = extract_facts(spec, chosen)
    context = _check_context(found_edition)
    for table in tables:
        if table.id in parses:
            resolve_splits(table, spec.table(table.id), parses[table.id], tables, facts,
                           spec.checks, context)
    for table in tables:  # after the splits: they make the values of their rows anew
        if spec.table(table.id).kind == "grid":
            table.comments = table_comments(table, spec.locale, document.markers)
        with_measures(table, spec.table(table.id))
    results, skipped = _checked(tables, facts, spec, found_edition)
    warnings += skipped
    flag_low_confidence(tables)

    return Report(
        document=document,
        edition=found_edition,
        spec_name=spec.name,
        spec_version=spec.version,
        spec_files=spec.files,
        extracted=tables,
        facts=facts,
        checks=results,
        warnings=warnings,
        unmatched=unmatched,
    )


def _check_context(edition: Edition) -> dict[str, str]:
    return {"edition_year": str(edition.year)} if edition.year else {}


def _checked(tables: Sequence[ExtractedTable], facts: Sequence[Fact], spec: ReportSpec,
             edition: Edition) -> tuple[list[CheckResult], list[ReportWarning]]:
    """The spec's checks on the tables' values (failing values flagged), and a warning for
    each rule that could not run."""
    results = run_checks(spec.checks, cell_store(tables, facts), _check_context(edition))
    flag_failures(tables, results)
    return results, skipped_check_warnings(results, tables)


def _edition(document: Document, sections: Sequence[Section], spec: ReportSpec,
             path: str | Path) -> tuple[Edition, str | None]:
    """The edition as the report states it (title page, first paragraph of the summary)."""
    first_title = document.lines.index(sections[0].title_line)
    statements = [(repr(section.title), section.lines) for section in sections
                  if section.spec_id in spec.statement_sections]
    return detect_edition(document.lines[:first_title], statements, document.lines, path)


def table_grids(lines: Sequence[Line], graphics: Mapping[int | None, PageGraphics]
                ) -> list[Grid]:
    """The grids of a table's lines, one per page they are printed on (layout's step)."""
    parts = []
    for page in dict.fromkeys(line.page for line in lines):
        drawn = graphics.get(page, PageGraphics(page))
        parts.append((page, [w for line in lines if line.page == page for w in line.words],
                      drawn.rules, drawn.shades))
    return table_part_grids(parts)
