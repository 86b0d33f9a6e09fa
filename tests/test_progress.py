"""`load`'s progress counts pages across its inputs, as they are read, with the time left
(issue 18: it counted files, and sat at 0/6 through a 17-page scan)."""

from __future__ import annotations

import pytest
from conftest import SEED, pdf_sample

from extractor.batch import PageProgress, extract_many
from extractor.readers.pdf import ReadOptions
from extractor.runtime.progress import time_left


@pytest.mark.parametrize("workers", [1, 2])
def test_pages_are_counted_as_each_input_reads_them(workers):
    """The mixed sample (17 pages: 15 text layers, 2 scanned) beside the text edition: the
    count moves while the PDF is read, never back, and ends at every page."""
    seen: list[tuple[int, int]] = []
    reports = extract_many([(SEED, None), (pdf_sample("mixed"), None)],
                           ReadOptions(use_cache=False), workers,
                           lambda done, total: seen.append((done, total)))
    pages = 1 + reports[1].source.pages
    assert seen[-1] == (pages, pages)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)  # never back
    # Told before the PDF was done, page by page: its 15 text layers, then each OCR'd page.
    assert {done for done, total in seen if total == pages and done < pages} == {16, 17}


def test_a_page_read_again_is_not_counted_twice():
    count = PageProgress(2, None)
    count.tell(0, 10, 17)
    count.tell(0, 3, 17)  # a second reading of some pages starts its count anew
    count.tell(0, 40, 17)
    assert (count.read, count.pages) == ([17, 0], [17, 1])
    count.done(1)
    assert sum(count.read) == sum(count.pages) == 18


def test_time_left_at_the_pace_so_far():
    assert time_left(10.0, 5, 20) == "about 30 s left"
    assert time_left(60.0, 2, 20) == "about 9 min left"
    assert time_left(5.0, 0, 20) == "" and time_left(5.0, 20, 20) == ""
