"""The spec as a user's file: --spec / $AMS_EXTRACT_SPEC extend the built-in spec.

The central test takes the README's own example spec, unchanged, and a
generated edition that prints a section no built-in table knows: the new
table extracts without touching the package, and older editions give no
warning for it.
"""

from __future__ import annotations

import hashlib

import pytest
from conftest import ROOT, assert_one_line_error, readme_blocks, run_cli

from extractor import extract
from extractor.outputs.database import metering_points_query
from extractor.outputs.plots import render_plots
from extractor.semantics.edition import find_period
from extractor.spec import DEFAULT_SPEC, SpecError, load_spec

EDITIONS = ROOT / "samples" / "editions"
NEW_SECTION = """
 14 Installerte AMS-målarar

Kategori Talet på målepunkt

Installert 2 987 000

Ikkje installert 51 066

Kommentar:
 Talet på målepunkt som har fått ny målar per 1. kvartal 2019.
"""


@pytest.fixture
def readme_spec(tmp_path):
    [block] = [b for b in readme_blocks("toml") if b.startswith("# my-spec.toml")]
    path = tmp_path / "my-spec.toml"
    path.write_text(block, encoding="utf-8")
    return path


@pytest.fixture
def generated_edition(tmp_path):
    """The 2019-Q1 edition with a fourteenth section, "Installerte AMS-målarar"."""
    text = (EDITIONS / "nve-ams-status-2019-q1-nn.txt").read_text(encoding="utf-8")
    path = tmp_path / "nve-ams-status-2019-q1-new.txt"
    path.write_text(text.rstrip() + "\n" + NEW_SECTION, encoding="utf-8")
    return path


def test_the_readme_spec_adds_a_table_to_a_generated_edition(readme_spec, generated_edition):
    package_spec = DEFAULT_SPEC.read_bytes()
    without = extract(generated_edition)
    assert "unknown_section" in {w.code for w in without.warnings}
    report = extract(generated_edition, spec=load_spec(readme_spec))
    values = {o.key: o.value for o in report.observations if o.table == "installed_meters"}
    assert values == {("installed_meters", "installed", "metering_points"): 2987000,
                      ("installed_meters", "not_installed", "metering_points"): 51066}
    check = next(c for c in report.checks if c.rule == "installed_meters_total")
    assert check.status == "passed", check.detail
    landbruk = next(o for o in report.observations if o.label == "Landbruk")
    assert landbruk.row == "agriculture" and "unmatched_label" not in landbruk.flags
    # No unknown section, no unmatched label: only what the 2019-Q1 edition drops.
    assert {w.message for w in report.warnings} == {
        "cost_breakdown_large_companies: section not found",
        "information_campaigns: section not found",
        "information_campaigns_companies_total: cells not found",
        "information_campaign_kinds_within_planned: cells not found"}
    assert DEFAULT_SPEC.read_bytes() == package_spec  # the installed package is untouched
    digest = hashlib.sha256(readme_spec.read_bytes()).hexdigest()
    assert [(f.name, f.sha256) for f in report.spec_files] == [("my-spec.toml", digest)]


@pytest.mark.parametrize("edition", ["nve-ams-status-2017-06", "nve-ams-status-2018-q1-nn",
                                     "nve-ams-status-2018-h1-ocr"])
def test_older_editions_give_no_warning_for_the_new_table(readme_spec, edition):
    plain = extract(EDITIONS / f"{edition}.txt")
    extended = extract(EDITIONS / f"{edition}.txt", spec=load_spec(readme_spec))
    assert [w.message for w in extended.warnings] == [w.message for w in plain.warnings]
    table = next(t for t in extended.extracted if t.id == "installed_meters")
    assert table.status == "not_expected"
    assert extended.summary()["tables_expected"] == plain.summary()["tables_expected"]


def test_the_edition_that_should_print_it_warns_when_it_does_not(readme_spec):
    report = extract(EDITIONS / "nve-ams-status-2019-q1-nn.txt", spec=load_spec(readme_spec))
    assert "installed_meters: section not found" in {w.message for w in report.warnings}


def test_spec_from_the_environment_and_from_the_option(readme_spec, generated_edition,
                                                      tmp_path):
    by_env = run_cli("extract", str(generated_edition), "-o", str(tmp_path / "env"),
                     env={"AMS_EXTRACT_SPEC": str(readme_spec)})
    by_option = run_cli("extract", str(generated_edition), "-o", str(tmp_path / "option"),
                        "--spec", str(readme_spec))
    for result, folder in ((by_env, "env"), (by_option, "option")):
        assert result.returncode == 0, result.stdout + result.stderr
        assert (tmp_path / folder / "tables" / "installed_meters.csv").is_file()


def test_optional_silences_a_dropped_chart(tmp_path):
    spec = tmp_path / "optional.toml"
    spec.write_text('[[tables]]\nid = "cost_breakdown_large_companies"\noptional = true\n',
                    encoding="utf-8")
    report = extract(EDITIONS / "nve-ams-status-2017-06.txt", spec=load_spec(spec))
    assert report.warnings == []


def test_a_check_of_the_same_rule_replaces_the_built_in_one(tmp_path):
    """The 2016 edition's 34/33 check, loosened by a user who knows why."""
    spec = tmp_path / "loose.toml"
    spec.write_text('[[checks]]\nrule = "summary_dispensation_companies"\nkind = "equal"\n'
                    'a = "summary:dispensation_companies:value"\n'
                    'b = "facts:dispensation_companies_section_1:value"\ntolerance = 1\n',
                    encoding="utf-8")
    report = extract(ROOT / "samples" / "nve-ams-status-2016h1.txt", spec=load_spec(spec))
    rules = [c.rule for c in report.checks]
    assert rules.count("summary_dispensation_companies") == 1
    assert not report.failed_checks


@pytest.mark.parametrize(("text", "message"), [
    ('[[tables]]\nid = "meter_vendors"\nrows = [{ key = "other", lables = ["X"] }]\n',
     "unknown key 'lables'"),
    ('[[tables]]\nid = "new"\ntitles = ["Ny"]\nkind = "grid"\nsince = "next year"\n'
     'columns = [{ key = "n" }]\nrows = [{ key = "a", labels = ["A"] }]\n', "not a period"),
    ('[[checks]]\nrule = "r"\nkind = "summ"\n', "unknown kind 'summ'"),
    ('[[tables]]\nid = "meter_vendors"\nkind = "prose"\n', "cannot change its kind"),
    ('[[tabels]]\nid = "x"\n', "unknown key 'tabels'"),
    ("this is not toml = = \n", "cannot read the spec"),
    ('[locale]\nyeer = "x"\n', "unknown key 'yeer'"),
    ('[locale.numbers]\napproximate = "ca."\n', "expected a list of words"),
    ("[locale]\nyear = '((?:19|20)\\d\\d)'\n", "no capturing group"),
    ('[locale.periods]\nmonths = { juni = "6" }\n', "whole numbers"),
    ('[[plots]]\nname = "p"\nseries = { a = "no_such_table:*:*" }\n', "which is no table"),
])
def test_a_bad_spec_file_is_one_line_and_exit_2(tmp_path, text, message):
    spec = tmp_path / "bad.toml"
    spec.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError, match=message):
        load_spec(spec)
    result = run_cli("extract", str(ROOT / "samples" / "nve-ams-status-2016h1.txt"), "-o",
                     str(tmp_path / "out"), "--spec", str(spec))
    assert_one_line_error(result, 2)
    assert not (tmp_path / "out").exists()


def test_a_missing_spec_file_is_a_usage_error(tmp_path):
    result = run_cli("extract", str(ROOT / "samples" / "nve-ams-status-2016h1.txt"), "-o",
                     str(tmp_path / "out"), "--spec", str(tmp_path / "nope.toml"))
    assert_one_line_error(result, 2)


def test_extends_none_makes_a_whole_spec(tmp_path):
    spec = tmp_path / "alone.toml"
    spec.write_text('extends = "none"\nname = "only vendors"\n'
                    '[[tables]]\nid = "meter_vendors"\nkind = "grid"\n'
                    'titles = ["Valg av AMS-leverandør"]\nstub_headers = ["Kategori"]\n'
                    'columns = [{ key = "companies", unit = "companies", headers = '
                    '["Antall nettselskap"] }]\n'
                    'rows = [{ key = "aidon", labels = ["Aidon"] }, '
                    '{ key = "kamstrup", labels = ["Kamstrup"] }]\n', encoding="utf-8")
    loaded = load_spec(spec)
    assert [t.id for t in loaded.tables] == ["meter_vendors"] and loaded.checks == ()


def test_a_users_locale_adds_words(tmp_path):
    """A month spelling, a quarter's word and a page's word of a user's: added to the
    built-in ones, which stay."""
    spec = tmp_path / "words.toml"
    spec.write_text('[locale.periods]\nmonths = { "des." = 12 }\nquarter = ["kvart."]\n'
                    '[locale.pages]\npage = ["Seite"]\n', encoding="utf-8")
    builtin, extended = load_spec().locale, load_spec(spec).locale
    assert dict(extended.periods.months) == {**dict(builtin.periods.months), "des.": 12}
    assert extended.periods.quarter == (*builtin.periods.quarter, "kvart.")
    assert extended.pages.page == (*builtin.pages.page, "Seite")
    assert extended.numbers == builtin.numbers and extended.tables == builtin.tables
    assert find_period("Status per des. 2017") is None
    period, _ = find_period("Status per des. 2017", extended)
    assert (period.id, period.printed) == ("2017-12", "per des. 2017")
    assert find_period("per 1. kvart. 2018", extended)[0].id == "2018-03"


def test_the_readme_words_add_spellings(tmp_path):
    [block] = [b for b in readme_blocks("toml") if b.startswith("# my-words.toml")]
    path = tmp_path / "my-words.toml"
    path.write_text(block, encoding="utf-8")
    locale = load_spec(path).locale
    assert find_period("status per des. 2017", locale)[0].id == "2017-12"
    assert find_period("status per 2. kvart. 2017", locale)[0].id == "2017-06"
    assert find_period("status per 2. kvart. 2017") is None


def test_a_whole_spec_replaces_the_locale_keys_it_gives(tmp_path):
    spec = tmp_path / "alone.toml"
    spec.write_text('extends = "none"\n[locale.tables]\ncomment_headings = ["comment"]\n'
                    '[[tables]]\nid = "t"\nkind = "chart"\ntitles = ["T"]\n',
                    encoding="utf-8")
    builtin, alone = load_spec().locale, load_spec(spec).locale
    assert alone.tables.comment_headings == ("comment",)
    assert alone.tables.reporting == builtin.tables.reporting  # not given: the built-in one
    assert alone.periods == builtin.periods
    assert load_spec(spec).plots == ()


def test_the_plots_read_their_values_from_the_spec(tmp_path):
    report = extract(ROOT / "samples" / "nve-ams-status-2016h1.txt")
    assert set(render_plots(report)) == {"installation_plan", "metering_points_by_category"}
    spec = tmp_path / "plots.toml"
    spec.write_text('[[plots]]\nname = "metering_points_by_category"\n'
                    'series = { categories = "purchasing_alliances:*:metering_points" }\n',
                    encoding="utf-8")
    extended = load_spec(spec)
    assert [p.name for p in extended.plots] == ["installation_plan",
                                                "metering_points_by_category"]
    assert "'purchasing_alliances'" in metering_points_query(extended)
    alone = tmp_path / "alone.toml"
    alone.write_text('extends = "none"\n[[tables]]\nid = "t"\nkind = "chart"\n'
                     'titles = ["T"]\n', encoding="utf-8")
    assert render_plots(report, load_spec(alone)) == {}
