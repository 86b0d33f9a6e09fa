"""One section per spec table, from the sections found (sections.py)."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import ReportWarning, Section


def choose_sections(sections: Sequence[Section],
                    warnings: list[ReportWarning]) -> dict[str, Section]:
    """One section per table; a title printed twice keeps the longer section. Sections the
    spec does not know are warned of and left out."""
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
            warnings.append(ReportWarning("duplicate_section", f"{section.table_id}: title "
                                          "printed twice; the longer section is used",
                                          line.number, line.page))
            if _content(previous) >= _content(section):
                continue
        chosen[section.table_id] = section
    return chosen


def _content(section: Section) -> int:
    return sum(not line.is_blank for line in section.lines)
