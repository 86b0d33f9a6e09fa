"""The pipeline: source → sections → tables → checks → report.

    read_source      the input as lines and words (sources.py)
    find_sections    titles matched to the spec's tables (sections.py)
    parse each table grid (tables.py), prose (prose.py) or chart
    resolve splits   rows whose numbers split more than one way: the checks choose
    run_checks       the spec's checks; failing values get check_failed:<rule>
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path

from .checks import Cell, CellStore, run_checks, touches
from .document_reading import read_source
from .errors import InputError, UsageError
from .layout.furniture import drop_furniture
from .layout.grids import build_grid
from .lexicon.numbers import NumberError, ParsedNumber, find_multiplier, parse_number
from .model import (
    CheckResult,
    Document,
    Edition,
    ExtractedTable,
    Fact,
    Line,
    Observation,
    ReportWarning,
    Section,
    words_box,
)
from .model.grid import Grid, PageGraphics
from .model.spec import CheckSpec, ReportSpec, TableSpec
from .readers.pdf import ReadOptions
from .report import Report, UnmatchedLabel
from .runtime.limits import time_limit
from .semantics.by_cells import read_grids
from .semantics.by_lines import Column, GridParse, PrintedRow, parse_grid, table_body
from .semantics.edition import detect_edition, given_edition
from .semantics.labels import clean_label
from .semantics.prose import find_values
from .semantics.sections import find_sections
from .spec import load_spec

# Below this word confidence (0–1) a value is flagged low_confidence. Text layers are 1.
# Measured on the scanned sample: every correct value read at 0.82 or more, the one
# misread value ("(39%)" for "(9%)") at 0.67.
LOW_CONFIDENCE = 0.75
# Rows with several possible splits: at most this many combinations are tried.
_MAX_COMBINATIONS = 4096
# Counts are whole things: printed as a plain integer they are exact, not rounded.
_COUNT_UNITS = {"companies", "meters", "metering_points"}


def rounding_unit(number: ParsedNumber, unit: str, multiplier: Decimal = Decimal(1)) -> Decimal:
    """How coarse the printed value is: 0 for an exact count, else the printed precision."""
    exact_count = (unit in _COUNT_UNITS and not number.approximate and multiplier == 1
                   and number.value == number.value.to_integral_value())
    return Decimal(0) if exact_count else number.rounding_unit


def extract(
    path: str | Path,
    *,
    spec: ReportSpec | None = None,
    edition: str | None = None,
    options: ReadOptions | None = None,
) -> Report:
    """Extract every table of the spec from one input file (text or PDF).

    `edition` sets the edition ("2017-06", "2017-Q2"), instead of the period
    the report states. The whole extraction keeps to `options.limits.max_seconds`.
    """
    options = options or ReadOptions()
    with time_limit(options.limits.max_seconds, str(path)):
        return _extract(path, spec or load_spec(), edition, options)


def _extract(path: str | Path, spec: ReportSpec, edition: str | None,
             options: ReadOptions) -> Report:
    document = drop_furniture(read_source(path, options))
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
    chosen = _choose_sections(sections, warnings)
    graphics = {page.page: page for page in document.graphics}
    tables: list[ExtractedTable] = []
    grids: dict[str, GridParse] = {}
    for table_spec in spec.tables:
        table, grid = _extract_table(table_spec, chosen.get(table_spec.id),
                                     found_edition.id, graphics, warnings)
        tables.append(table)
        if grid is not None:
            grids[table.id] = grid
    unmatched = [u for table_id, grid in grids.items()
                 for u in _unmatched_labels(table_id, grid.rows)]
    warnings += [ReportWarning("unmatched_label", f"{u.table}: no known row for {u.label!r} "
                         f"(closest: {u.closest_label!r}, score {u.score:.0f})", u.line, u.page)
                 for u in unmatched]

    facts = extract_facts(spec, chosen)
    context = {"edition_year": str(found_edition.year)} if found_edition.year else {}
    for table in tables:
        if table.id in grids:
            _resolve_splits(table, spec.table(table.id), grids[table.id], tables, facts,
                            spec.checks, context)
    results = run_checks(spec.checks, cell_store(tables, facts), context)
    _flag_failures(tables, results)
    warnings += _skipped_check_warnings(results, tables)
    for obs in (o for t in tables for o in t.observations):
        if obs.confidence < LOW_CONFIDENCE:
            obs.add_flag("low_confidence")

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


def _edition(document: Document, sections: Sequence[Section], spec: ReportSpec,
             path: str | Path) -> tuple[Edition, str | None]:
    """The edition as the report states it (title page, first paragraph of the summary)."""
    first_title = document.lines.index(sections[0].title_line)
    statements = [(repr(section.title), section.lines) for section in sections
                  if section.spec_id in spec.statement_sections]
    return detect_edition(document.lines[:first_title], statements, document.lines, path)


def _skipped_check_warnings(results: Sequence[CheckResult],
                            tables: Sequence[ExtractedTable]) -> list[ReportWarning]:
    """A warning per skipped rule (its `for_each` results together), unless the check reads
    a table this edition does not print."""
    not_expected = {t.id for t in tables if t.status == "not_expected"}
    skipped: dict[str, list[str]] = {}
    for result in results:
        if result.status == "skipped" and not not_expected.intersection(result.tables):
            skipped.setdefault(result.rule, []).append(result.detail)
    return [ReportWarning("check_skipped", f"{rule}: {details[0]}"
                    + (f" (and {len(details) - 1} more of this rule)" if len(details) > 1
                       else ""))
            for rule, details in skipped.items()]


def _extract_table(
    table_spec: TableSpec, section: Section | None, edition_id: str,
    graphics: Mapping[int | None, PageGraphics], warnings: list[ReportWarning],
) -> tuple[ExtractedTable, GridParse | None]:
    """One table from its section (or its absence), by the table's kind."""
    if section is None:
        if not table_spec.expected_in(edition_id):
            return ExtractedTable(table_spec.id, "not_expected"), None
        warnings.append(ReportWarning("missing_section", f"{table_spec.id}: section not found"))
        return ExtractedTable(table_spec.id, "missing"), None
    table = ExtractedTable(table_spec.id, "extracted", title=section.title,
                           source_lines=[section.title_line, *section.lines])
    grid = None
    if table_spec.kind == "chart":
        table.status = "chart_without_values"
        table.notes.append("a chart: the text holds no values for it")
    elif table_spec.kind == "prose":
        _fill_prose_table(table, table_spec, section)
    else:
        grid = read_table(section, table_spec, graphics)
        table.columns = [c.key for c in grid.columns]
        table.notes += grid.notes
        warnings += grid.warnings
        table.observations = grid_observations(table_spec, grid, [0] * len(grid.rows))
    if table.status == "extracted" and not table.observations:
        table.status = "empty"
        warnings.append(ReportWarning("empty_table", f"{table_spec.id}: no values found",
                                section.title_line.number, section.title_line.page))
    return table, grid


def table_grids(lines: Sequence[Line], graphics: Mapping[int | None, PageGraphics]
                ) -> list[Grid]:
    """The grids of a table's lines, one per page they are printed on."""
    grids = []
    for page in dict.fromkeys(line.page for line in lines):
        words = [w for line in lines if line.page == page for w in line.words]
        drawn = graphics.get(page, PageGraphics(page))
        grid = build_grid(words, drawn.rules, drawn.shades, page)
        if grid is not None:
            grids.append(grid)
    return grids


def read_table(section: Section, table_spec: TableSpec,
               graphics: Mapping[int | None, PageGraphics]) -> GridParse:
    """A grid table by its cells when its layout gives a grid the spec's columns fit; else by
    its lines (a text dump whose columns run together), where the checks arbitrate splits."""
    body, _comment = table_body(section.lines)
    grids = table_grids(body, graphics)
    by_cells = read_grids(table_spec, grids, body)
    if by_cells is not None:
        how = ", ".join(dict.fromkeys(grid.source.value for grid in grids))
        by_cells.notes.insert(0, f"read by its cells ({how} columns)")
        return by_cells
    by_lines = parse_grid(section.lines, table_spec)
    by_lines.notes.insert(0, "read by its lines (no grid of columns found)")
    return by_lines


def _choose_sections(sections: Sequence[Section],
                     warnings: list[ReportWarning]) -> dict[str, Section]:
    """One section per table; a title printed twice keeps the longer section."""
    chosen: dict[str, Section] = {}
    for section in sections:
        line = section.title_line
        if not section.known:
            warnings.append(ReportWarning("unknown_section", f"section not in the spec: "
                                    f"{section.title!r}", line.number, line.page))
            continue
        if section.table_id is None:
            continue
        previous = chosen.get(section.table_id)
        if previous is not None:
            warnings.append(ReportWarning("duplicate_section", f"{section.table_id}: title printed "
                                    "twice; the longer section is used", line.number, line.page))
            if _content(previous) >= _content(section):
                continue
        chosen[section.table_id] = section
    return chosen


def _content(section: Section) -> int:
    return sum(not line.is_blank for line in section.lines)


def _unit(table_spec: TableSpec, row_key: str | None, column_unit: str | None) -> str:
    row = table_spec.row(row_key) if row_key else None
    return (row.unit if row and row.unit else None) or column_unit or ""


def _fill_prose_table(table: ExtractedTable, table_spec: TableSpec, section: Section) -> None:
    values = find_values(section.lines, table_spec.patterns)
    default_column = table_spec.columns[0].key if table_spec.columns else "value"
    table.columns = [c.key for c in table_spec.columns] or [default_column]
    column_units = {c.key: c.unit for c in table_spec.columns}
    for row in table_spec.rows:
        for column in table.columns:
            name = row.key if column == default_column and len(table.columns) == 1 \
                else f"{row.key}.{column}"
            found = values.get(name)
            if found is None:
                continue
            unit = _unit(table_spec, row.key, column_units.get(column))
            obs = Observation(
                table=table.id, row=row.key, column=column, value=found.number.value, unit=unit,
                raw=found.number.raw, line=found.line.number, page=found.line.page,
                confidence=found.confidence, label=row.labels[0] if row.labels else row.key,
                rounding_unit=rounding_unit(found.number, unit), box=words_box(found.words),
            )
            if found.number.approximate:
                obs.add_flag("approximate")
            if found.number.repaired or found.repaired_text:
                obs.add_flag("ocr_repaired")
            table.observations.append(obs)
    found = {obs.row for obs in table.observations}
    missing = [row.key for row in table_spec.rows if row.key not in found]
    if missing:
        table.notes.append(f"not stated in the text: {', '.join(missing)}")


def _row_keys(grid: GridParse) -> list[tuple[str, bool]]:
    """(key, matched) per printed row; a key is used once, later rows keep their label."""
    used: set[str] = set()
    keys = []
    for row in grid.rows:
        key, matched = row.match.key, row.match.key is not None
        if key is None or key in used:
            key, matched = clean_label(row.label), False
            base, n = key, 2
            while key in used:
                key, n = f"{base} ({n})", n + 1
        used.add(key)
        keys.append((key, matched))
    return keys


def grid_observations(
    table_spec: TableSpec, grid: GridParse, choice: Sequence[int]
) -> list[Observation]:
    """Observations of a grid, taking split `choice[i]` for printed row i."""
    observations = []
    for row, (key, matched), alternative in zip(grid.rows, _row_keys(grid), choice, strict=True):
        groups = row.alternatives[alternative]
        row_multiplier = find_multiplier(row.label)
        for column, words in zip(grid.columns, groups, strict=True):
            if words:  # an empty cell: no value, and none taken from a neighbour
                observations.append(_grid_value(table_spec, row, key, matched, column, words,
                                                row_multiplier))
    return observations


def _grid_value(table_spec: TableSpec, row: PrintedRow, key: str, matched: bool, column: Column,
                words: Sequence, row_multiplier: Decimal) -> Observation:
    raw = " ".join(w.text for w in words)
    multiplier = row_multiplier * column.multiplier
    # A "Ca." header makes every value below it approximate, rounding included.
    number = parse_number(raw, multiplier=multiplier, approximate=column.approximate)
    unit = _unit(table_spec, key if matched else None, column.unit)
    obs = Observation(
        table=table_spec.id, row=key, column=column.key, value=number.value, unit=unit, raw=raw,
        line=row.value_line.number, page=row.value_line.page,
        confidence=min(w.confidence for w in words),
        label=clean_label(row.label), rounding_unit=rounding_unit(number, unit, multiplier),
        box=words_box(words),
    )
    if number.approximate:
        obs.add_flag("approximate")
    if column.assumed:
        obs.add_flag("assumed_column")
    if number.repaired or row.match.how == "ocr" or any(w.reread for w in words):
        obs.add_flag("ocr_repaired")
    if not matched:
        obs.add_flag("unmatched_label")
    elif row.match.how == "fuzzy":
        obs.add_flag("fuzzy_label")
    return obs


def _unmatched_labels(table_id: str, rows: Sequence[PrintedRow]) -> list[UnmatchedLabel]:
    return [
        UnmatchedLabel(table_id, clean_label(r.label), r.match.closest_key, r.match.closest_alias,
                       round(r.match.score, 1), r.value_line.number, r.value_line.page)
        for r in rows if r.match.key is None
    ]


def extract_facts(spec: ReportSpec, sections: dict[str, Section]) -> list[Fact]:
    facts = []
    for fact in spec.facts:
        section = sections.get(fact.table)
        found = find_values(section.lines, fact.patterns).get("value") if section else None
        if found is not None:
            facts.append(Fact(fact.name, found.number.value, found.number.raw, found.line.number,
                              found.line.page, found.number.approximate,
                              rounding_unit(found.number, fact.unit or "")))
    return facts


def cell_store(tables: Sequence[ExtractedTable], facts: Sequence[Fact]) -> CellStore:
    cells = [Cell(o.key, o.value, o.rounding_unit) for t in tables for o in t.observations]
    cells += [Cell(("facts", f.name, "value"), f.value, f.rounding_unit) for f in facts]
    return CellStore(cells)


def _resolve_splits(
    table: ExtractedTable, table_spec: TableSpec, grid: GridParse,
    tables: Sequence[ExtractedTable], facts: Sequence[Fact],
    checks: Sequence[CheckSpec], context: dict[str, str],
) -> None:
    """Pick, for rows whose numbers split several ways, the splits the checks accept."""
    ambiguous = [i for i, row in enumerate(grid.rows)
                 if len(row.alternatives) > 1 or not row.complete]
    if not ambiguous:
        return
    relevant = [c for c in checks if touches(c, table.id)]
    others = [t for t in tables if t.id != table.id]
    scored = []
    options = (range(len(grid.rows[i].alternatives)) for i in ambiguous)
    for combination in itertools.islice(itertools.product(*options), _MAX_COMBINATIONS):
        choice = [0] * len(grid.rows)
        for index, alternative in zip(ambiguous, combination, strict=True):
            choice[index] = alternative
        try:
            observations = grid_observations(table_spec, grid, choice)
        except NumberError:
            continue
        trial = ExtractedTable(table.id, table.status, observations=observations)
        results = run_checks(relevant, cell_store([*others, trial], facts), context)
        failed = sum(r.status == "failed" for r in results)
        scored.append((failed, choice, observations, [r.rule for r in results]))
    best_failed = min(s[0] for s in scored)
    best = [s for s in scored if s[0] == best_failed]
    _, choice, observations, rules = best[0]
    table.observations = observations
    rows = ", ".join(repr(grid.rows[i].value_line.text.strip()) for i in ambiguous)
    if best_failed == 0 and len(best) == 1 and all(grid.rows[i].complete for i in ambiguous):
        table.notes.append(f"numbers of {rows} split the only way that passes "
                           f"{', '.join(sorted(set(rules)))}")
        return
    table.notes.append(f"numbers of {rows} could split several ways; no split is confirmed "
                       "by the checks: flagged ambiguous_split")
    ambiguous_keys = {key for i, (key, _) in enumerate(_row_keys(grid)) if i in ambiguous}
    for obs in table.observations:
        if obs.row in ambiguous_keys:
            obs.add_flag("ambiguous_split")


def _flag_failures(tables: Sequence[ExtractedTable], results: Sequence) -> None:
    by_key = {o.key: o for t in tables for o in t.observations}
    for result in results:
        for key in result.cells:
            if key in by_key:
                by_key[key].add_flag(f"check_failed:{result.rule}")
