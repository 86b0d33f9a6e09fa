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
}


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
