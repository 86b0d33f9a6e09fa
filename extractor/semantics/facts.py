"""Facts: numbers the spec's checks use that are stated in prose outside the contract
tables ("... av totalt 2 9 millioner målepunkt"), found by the spec's patterns."""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Fact, Section
from ..model.spec import ReportSpec
from .observations import rounding_unit
from .prose import find_values


def extract_facts(spec: ReportSpec, sections: Mapping[str, Section]) -> list[Fact]:
    """Each fact of the spec whose pattern matches in its table's section."""
    facts = []
    for fact in spec.facts:
        section = sections.get(fact.table)
        found = find_values(section.lines, fact.patterns).get("value") if section else None
        if found is not None:
            facts.append(Fact(fact.name, found.number.value, found.number.raw, found.line.number,
                              found.line.page, found.number.approximate,
                              rounding_unit(found.number, fact.unit or "")))
    return facts
