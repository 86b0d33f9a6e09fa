"""The report spec: which tables to find, their rows, columns and checks, and the report's
language, as data.

    ams_status.toml   the spec of NVE's AMS status reports (a user's spec file extends it)
    loader.py         reading, merging and validating spec files into `model.spec.ReportSpec`
    locale.py         its `[locale]`: the language's words, checked, merged, built; the
                      built-in one (`default_locale`) for a stage called without a spec
    errors.py         SpecError
"""

from .errors import SpecError
from .loader import DEFAULT_SPEC, SPEC_ENV, load_spec, merge_specs
from .locale import default_locale

__all__ = ["DEFAULT_SPEC", "SPEC_ENV", "SpecError", "default_locale", "load_spec",
           "merge_specs"]
