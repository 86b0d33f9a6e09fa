"""Tests for extractor.labels: OCR letter repair, label cleaning, matching to the spec's rows."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.semantics.labels import LabelMatch, clean_label, match_label, repair_letters
from extractor.spec import load_spec

SPEC = load_spec()


def aliases(table_id: str) -> dict[str, tuple[str, ...]]:
    return SPEC.table(table_id).row_aliases()


# --- repair_letters ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "repaired"),
    [
        ("aJJe", "alle"),
        ("fu]]føres", "fullføres"),
        ("AntaJJ", "Antall"),
        ("instalJasjonsplan", "installasjonsplan"),
        ("Husho1dninger", "Husholdninger"),
    ],
)
def test_repair_letters_undoes_ocr_slips_seen_in_the_seed(printed: str, repaired: str) -> None:
    """The OCR'd summary of the 2016 report prints l as J, ] or 1 inside words."""
    assert repair_letters(printed) == repaired


def test_repair_letters_keeps_a_capital_j_that_starts_a_word() -> None:
    """'Ja, nettselskapet' is a real row label: a J after a space is not a slip."""
    assert repair_letters("Ja, nettselskapet") == "Ja, nettselskapet"


@settings(derandomize=True, database=None)
@given(st.text(max_size=200))
def test_repair_letters_preserves_length(text: str) -> None:
    """Positions in repaired text must still point at the printed characters."""
    assert len(repair_letters(text)) == len(text)


def test_repair_letters_preserves_length_of_a_sentence() -> None:
    """A whole summary sentence keeps its length while its slips are repaired."""
    printed = "stort sett aJJe selskapene ... 18 % fu]]føres før 31.12.2016"
    assert len(repair_letters(printed)) == len(printed)
    assert "alle" in repair_letters(printed)


# --- clean_label -------------------------------------------------------------------------


def test_clean_label_drops_the_sub_row_dash() -> None:
    """Section 11 prints campaign kinds as '- Brosjyre'; the label is 'Brosjyre'."""
    assert clean_label("- Brosjyre") == "Brosjyre"


def test_clean_label_drops_a_footnote_mark() -> None:
    """Section 6 prints '(*)' after a label; it is not part of the label."""
    assert (
        clean_label("Nei, nettselskapet har ingen formell samarbeidsavtale (*)")
        == "Nei, nettselskapet har ingen formell samarbeidsavtale"
    )


def test_clean_label_collapses_spacing() -> None:
    """Text dumps carry stray and doubled spaces around labels."""
    assert clean_label("  Hjemmeside   og  mer  ") == "Hjemmeside og mer"


# --- match_label: matched ----------------------------------------------------------------


def test_match_label_exact() -> None:
    """A label printed as in the spec matches with how == 'exact'."""
    match = match_label("Kamstrup", aliases("meter_vendors"))
    assert (match.key, match.how, match.score) == ("kamstrup", "exact", 100.0)


def test_match_label_exact_ignores_case_and_punctuation() -> None:
    """Case and a trailing colon do not make a label different."""
    match = match_label("HUSHOLDNINGER:", aliases("metering_points_by_category"))
    assert (match.key, match.how) == ("households", "exact")


def test_match_label_ocr_rn_for_m() -> None:
    """OCR reads 'm' as 'rn': 'Karnstrup' is Kamstrup, matched by folding, not guessing."""
    match = match_label("Karnstrup", aliases("meter_vendors"))
    assert (match.key, match.how) == ("kamstrup", "ocr")


def test_match_label_ocr_digit_in_word() -> None:
    """'Husho1dninger' (1 for l) is an OCR slip of Husholdninger."""
    match = match_label("Husho1dninger", aliases("metering_points_by_category"))
    assert (match.key, match.how) == ("households", "ocr")


def test_match_label_fuzzy_small_misspelling() -> None:
    """A dropped letter still matches, but says it was fuzzy."""
    match = match_label("Husholdnnger", aliases("metering_points_by_category"))
    assert match.key == "households"
    assert match.how == "fuzzy"
    assert 85.0 <= match.score < 100.0


@pytest.mark.parametrize(
    ("table", "label", "key"),
    [
        ("metering_points_by_category", "Hushaldningar", "households"),
        ("metering_points_by_category", "Gate-/veglys", "street_and_road_lighting"),
        ("operating_alliances", "Deltek ikkje i ein driftsallianse", "no_alliance"),
        ("communication_technology", "Anna/ikkje avklart", "other_or_undecided"),
    ],
)
def test_match_label_nynorsk_aliases(table: str, label: str, key: str) -> None:
    """Nynorsk editions print other words; the spec lists them as aliases."""
    match = match_label(label, aliases(table))
    assert (match.key, match.how) == (key, "exact")


def test_match_label_wrapped_label_read_with_its_lines_interleaved() -> None:
    """OCR of a label wrapped inside its cell ("%-vis antall målere / installert per år")
    can give the words out of order: the same words in another order still match."""
    match = match_label("%-vis antall installert per målere", aliases("annual_installation_plan"))
    assert (match.key, match.how) == ("share_installed_pct", "fuzzy")


def test_match_label_word_order_does_not_join_two_rows() -> None:
    """Sorting words must not make a label of one row match another's."""
    match = match_label("Kampanje planlagt ikke er", aliases("information_campaigns"))
    assert match.key != "campaign_planned"


@pytest.mark.parametrize("label", ["Kampanje er planlagt 1)", "Kampanje er planlagd 1)"])
def test_match_label_a_word_not_in_the_alias_is_not_sorted_into_another_row(label) -> None:
    """Sorted, "kampanje er planlagt 1" comes within the margin of "Kampanje er ikke
    planlagt" and the row was lost; only a label of the alias's own words is compared
    sorted (found by comparing the scorers over the spec's aliases and the editions'
    labels)."""
    match = match_label(label, aliases("information_campaigns"))
    assert (match.key, match.how) == ("campaign_planned", "fuzzy")


# --- match_label: unmatched --------------------------------------------------------------


def test_match_label_unrelated_label_is_unmatched_with_closest_key() -> None:
    """'Landbruk' is no known category: not forced, but the closest row is named for the user."""
    match = match_label("Landbruk", aliases("metering_points_by_category"))
    assert match.key is None
    assert match.how == "unmatched"
    assert match.closest_key is not None
    assert match.closest_alias is not None
    assert match.score < 85.0


def test_match_label_halfway_between_two_rows_is_not_forced() -> None:
    """'Kampanje er ik planlagt' scores high against both planned rows: the margin rejects it."""
    match = match_label("Kampanje er ik planlagt", aliases("information_campaigns"))
    assert match.key is None
    assert match.how == "unmatched"
    assert match.score >= 85.0  # close enough for the cut-off, but not clear of the runner-up
    assert match.closest_key in {"campaign_planned", "no_campaign_planned"}


def test_match_label_empty_label_is_unmatched() -> None:
    """A label of punctuation only has nothing to match."""
    assert match_label(" - (*) ", aliases("meter_vendors")) == LabelMatch(
        None, 0.0, "unmatched", None, None
    )


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.text(max_size=120), st.sampled_from([t.id for t in SPEC.tables if t.rows]))
def test_match_label_never_raises(text: str, table: str) -> None:
    """Any printed text, however garbled, gets a LabelMatch and never an exception."""
    match = match_label(text, aliases(table))
    assert match.how in {"exact", "ocr", "fuzzy", "unmatched"}
    assert (match.key is None) == (match.how == "unmatched")
    assert 0.0 <= match.score <= 100.0
