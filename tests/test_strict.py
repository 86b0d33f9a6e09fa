"""Warnings that count: `--strict` turns each kind of warning into exit 1.

The base is the 2018-H1 edition, which gives no warning and passes every check
(exit 0). Each case damages it in one way; without --strict it still exits 0,
with --strict it exits 1 and names the warning.
"""

from __future__ import annotations

import pytest
from conftest import ROOT, run_cli

BASE = ROOT / "samples" / "editions" / "nve-ams-status-2018-h1-ocr.txt"


def _cut_section(text: str, title: str, next_title: str) -> str:
    start, end = text.index(title), text.index(next_title)
    return text[:start] + text[end:]


DAMAGE = {
    "unknown_section": lambda t: t + "\n 16 Noe helt nytt i år\n\nTekst om noe nytt 1 2\n",
    "missing_section": lambda t: _cut_section(t, " 5 Kostnader per målepunkt for noen",
                                               " 6 Innkjøpsal1ianser AMS"),
    "unmatched_label": lambda t: t.replace(
        "Avbruddsregistrering 95", "Avbruddsregistrering 95\n\nFjernstyring av varmtvann 12"),
    "check_skipped": lambda t: t.replace("108 nettselskaper har rapportert", "Nettselskapene har "
                                         "rapportert"),
    "edition_guessed": lambda t: t.replace("per 1. halvår 2018", "nå"),
    # The same damage as check_skipped's: the summary's count of companies is lost.
    "missing_value": lambda t: t.replace("108 nettselskaper har rapportert", "Nettselskapene "
                                         "har rapportert"),
}


def test_a_lost_value_is_its_own_warning_and_in_the_reviews_list(tmp_path):
    """issue 18: the summary's count lost was only seen through the 12 checks it skipped."""
    from extractor import extract
    from extractor.outputs.review import render_review

    path = tmp_path / "nve-ams-status-2018h1.txt"
    path.write_text(DAMAGE["missing_value"](BASE.read_text(encoding="utf-8")), encoding="utf-8")
    report = extract(path)
    missing = [w for w in report.warnings if w.code == "missing_value"]
    assert [w.message.split(":")[0] for w in missing] == ["summary/reporting_companies/value"]
    assert "<td>missing_value</td><td>summary/reporting_companies/value" in render_review(report)


@pytest.mark.parametrize("kind", DAMAGE)
def test_strict_exits_1_on_each_kind_of_warning(tmp_path, kind):
    text = BASE.read_text(encoding="utf-8")
    damaged = DAMAGE[kind](text)
    assert damaged != text
    path = tmp_path / "nve-ams-status-2018h1.txt"  # a guessed edition is guessed right
    path.write_text(damaged, encoding="utf-8")
    plain = run_cli("extract", str(path), "-o", str(tmp_path / "plain"))
    assert plain.returncode == 0, plain.stdout + plain.stderr
    assert f"  {kind}" in plain.stdout
    strict = run_cli("extract", str(path), "-o", str(tmp_path / "strict"), "--strict")
    assert strict.returncode == 1, strict.stdout + strict.stderr
    assert "(--strict: exit 1)" in strict.stdout
    assert (tmp_path / "strict" / "report.json").is_file()  # done, as exit 1 says


def test_strict_passes_a_clean_edition(tmp_path):
    result = run_cli("extract", str(BASE), "-o", str(tmp_path / "out"), "--strict")
    assert result.returncode == 0, result.stdout
    assert "warnings  0" in result.stdout


def test_load_lists_warnings_and_strict_makes_them_count(tmp_path):
    """load prints each edition's warnings; with --strict they make the exit 1 (after
    loading, so they can be read in the database too)."""
    edition = ROOT / "samples" / "editions" / "nve-ams-status-2019-q1-nn.txt"
    db = tmp_path / "ams.duckdb"
    plain = run_cli("load", str(BASE), str(edition), "--db", str(db))
    assert plain.returncode == 0, plain.stderr
    assert "2019-03" in plain.stdout and "5 warning(s)" in plain.stdout
    assert "    unmatched_label (line 37): metering_points_by_category" in plain.stdout
    strict = run_cli("load", str(BASE), str(edition), "--db", str(db), "--strict")
    assert strict.returncode == 1
    assert "--strict" in strict.stdout
