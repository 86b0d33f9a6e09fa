"""Names from a spec are names, not paths (issue 19): a spec is a user's file and may come
from anyone who shares one. Ids become file names (tables/<id>.csv) and the contract's keys,
so a spec whose id is not `[a-z0-9_]+` is refused before any work, and a file name that
would leave the output folder is never written."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEED, assert_one_line_error, run_cli

from extractor.errors import UsageError
from extractor.outputs.files import inside
from extractor.spec import SpecError, load_spec

ESCAPING_TABLE = """
[[tables]]
id = "{id}"
kind = "chart"
titles = ["Forord"]
optional = true
"""


@pytest.mark.parametrize("table_id", ["../../victim", "../../../../tmp/x/escaped", "/tmp/abs",
                                      "Victim", "a b", "a.csv"])
def test_a_table_id_that_is_a_path_is_refused_before_any_work(tmp_path, table_id):
    spec = tmp_path / "hostile.toml"
    spec.write_text(ESCAPING_TABLE.format(id=table_id), encoding="utf-8")
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    result = run_cli("extract", str(SEED), "-o", str(work / "out"), "--spec", str(spec))
    assert_one_line_error(result, 2)
    assert "not a name" in result.stderr
    assert not (work / "out").exists()
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a", "b", "hostile.toml"]


@pytest.mark.parametrize(("block", "what"), [
    ('[[tables]]\nid = "meter_vendors"\nrows = [{ key = "../x", labels = ["X"] }]\n', "row key"),
    ('[[tables]]\nid = "meter_vendors"\ncolumns = [{ key = "a/b", headers = ["X"] }]\n',
     "column key"),
    ('[[checks]]\nrule = "../rule"\nkind = "equal"\n', "check rule"),
])
def test_row_column_and_check_ids_are_names(tmp_path, block, what):
    spec = tmp_path / "hostile.toml"
    spec.write_text(block, encoding="utf-8")
    with pytest.raises(SpecError, match=what):
        load_spec(spec)


def test_the_built_in_spec_holds_names_only():
    spec = load_spec()
    assert spec.tables and all(t.id.isidentifier() for t in spec.tables)


@pytest.mark.parametrize("relative", ["../victim.csv", "tables/../../victim.csv", "/tmp/x.csv",
                                      "."])
def test_a_file_name_outside_the_output_folder_is_refused(tmp_path, relative):
    with pytest.raises(UsageError, match="not a file inside the output folder"):
        inside(tmp_path, relative)


def test_a_link_out_of_the_output_folder_is_refused(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "tables").symlink_to(tmp_path)
    with pytest.raises(UsageError):
        inside(folder, "tables/victim.csv")
    assert inside(folder, "report.json") == (folder / "report.json").resolve()


def test_a_file_inside_is_allowed(tmp_path: Path):
    assert inside(tmp_path, "tables/meter_vendors.csv") == \
        (tmp_path / "tables" / "meter_vendors.csv").resolve()
