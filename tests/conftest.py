"""Shared fixtures: the seed edition and its golden folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "nve-ams-status-2016h1.txt"
GOLDEN = ROOT / "fixtures" / "nve-ams-status-2016h1"


@pytest.fixture(scope="session")
def seed_report():
    """The seed extracted once per test session (the pipeline is pure; reports are not mutated)."""
    from extractor import extract

    return extract(SEED)
