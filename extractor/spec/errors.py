"""The one error a spec file gives: malformed, with the offending part named."""


class SpecError(ValueError):
    """The spec file is malformed."""
