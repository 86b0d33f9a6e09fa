"""The layout stage's tolerances (extractor.layout.settings): one frozen dataclass, every
field checked when it is made."""

from __future__ import annotations

import dataclasses
import re

import pytest

from extractor.layout.settings import DEFAULT, LayoutSettings

GROUPS = [f.name for f in dataclasses.fields(LayoutSettings)
          if dataclasses.is_dataclass(getattr(DEFAULT, f.name))]


def numeric_fields():
    """(group or None, field name, default) for every number of the settings."""
    for f in dataclasses.fields(LayoutSettings):
        if f.name in GROUPS:
            group = getattr(DEFAULT, f.name)
            for inner in dataclasses.fields(group):
                value = getattr(group, inner.name)
                if isinstance(value, int | float):
                    yield f.name, inner.name, value
        else:
            yield None, f.name, getattr(DEFAULT, f.name)


def changed(group: str | None, name: str, value: object) -> LayoutSettings:
    if group is None:
        return dataclasses.replace(DEFAULT, **{name: value})
    inner = dataclasses.replace(getattr(DEFAULT, group), **{name: value})
    return dataclasses.replace(DEFAULT, **{group: inner})


def test_the_defaults_are_valid_and_frozen() -> None:
    assert LayoutSettings() == DEFAULT
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT.min_rule = 1.0  # type: ignore[misc]


@pytest.mark.parametrize(("group", "name", "value"), list(numeric_fields()))
def test_every_tolerance_is_checked(group: str | None, name: str, value: float) -> None:
    for bad in (0, -value, "1"):
        with pytest.raises(ValueError, match=name):
            changed(group, name, bad)


def test_shares_stay_within_one_and_gaps_in_order() -> None:
    with pytest.raises(ValueError, match="min_filled"):
        changed("tables", "min_filled", 1.5)
    with pytest.raises(ValueError, match="space_fallback"):
        changed("phrases", "space_fallback", DEFAULT.phrases.phrase_gap)
    with pytest.raises(ValueError, match="looser_cell_gaps"):
        changed("headers", "looser_cell_gaps", (DEFAULT.headers.cell_gap,))
    with pytest.raises(ValueError, match="margin"):
        changed("furniture", "margin", 0.5)
    with pytest.raises(ValueError, match="phrases"):
        LayoutSettings(phrases=DEFAULT.rows)  # type: ignore[arg-type]


def test_a_variant_changes_what_it_says() -> None:
    wider = changed("phrases", "phrase_gap", 0.6)
    assert wider.phrases.phrase_gap == 0.6
    assert wider.rows == DEFAULT.rows and DEFAULT.phrases.phrase_gap == 0.55


def test_the_module_docstring_lists_every_field() -> None:
    from extractor.layout import settings

    listed = set(re.findall(r"\w+", settings.__doc__ or ""))
    assert {name for _, name, _ in numeric_fields()} | {"looser_cell_gaps"} <= listed
