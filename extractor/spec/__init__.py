"""The report spec: which tables to find, their rows, columns and checks, as data.

    ams_status.toml   the spec of NVE's AMS status reports (a user's spec file extends it)
    loader.py         reading, merging and validating spec files into `model.spec.ReportSpec`
"""

from .loader import DEFAULT_SPEC, SPEC_ENV, SpecError, load_spec, merge_specs

__all__ = ["DEFAULT_SPEC", "SPEC_ENV", "SpecError", "load_spec", "merge_specs"]
