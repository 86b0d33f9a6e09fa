"""Make the README's images from the samples: a review page screenshot and the plan chart.

    python docs/make_images.py      (needs Debian's chromium on PATH)

Not part of the tests; rerun when the review page or the charts change.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import extract  # noqa: E402
from extractor.outputs.plots import installation_plan_figure, png  # noqa: E402
from extractor.outputs.review import write_review  # noqa: E402


def main() -> None:
    report = extract(ROOT / "samples" / "pdf" / "nve-ams-status-2016h1-scanned.pdf")
    (ROOT / "docs" / "installation-plan.png").write_bytes(png(installation_plan_figure(report)))
    with tempfile.TemporaryDirectory() as temporary:
        page = write_review(report, Path(temporary) / "review.html")
        subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={temporary}/profile", "--hide-scrollbars",
             "--window-size=1200,1500", f"--screenshot={ROOT / 'docs' / 'review.png'}",
             page.as_uri()],
            check=True, capture_output=True,
        )


if __name__ == "__main__":
    main()
