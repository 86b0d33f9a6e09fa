"""A text layer is trusted only when it reads like text (issue 11, junk layers).

The quality test's pieces alone (readers/text_quality.py), then end to end through the
real CLI: a scan under a garbage OCR layer and a text PDF whose ToUnicode maps scramble
its letters give, with --ocr auto, the values --ocr always gives; the committed text
samples stay trusted. The hostile PDFs come from samples/make_hostile_layers.py; their
pages render exactly as the samples' do, so the session's OCR cache (conftest's
private_ocr_cache, inherited by run_cli) makes the second run of each file quick.
"""

from __future__ import annotations

import importlib.util
import json
import tomllib
from pathlib import Path

import pdfplumber
import pytest
from conftest import ROOT, SEED, pdf_sample, run_cli

from extractor.model import TextLayerCheck, Word
from extractor.model.grid import PageGraphics
from extractor.readers.pdf import PageScan, ReadOptions, settle_doubtful, text_layer_words
from extractor.readers.text_quality import (
    JUNK_BELOW,
    TRUSTED_FROM,
    LayerScore,
    score_words,
    strip_agreement,
    strip_band,
    strip_says,
    token_class,
    verdict,
    vocabulary,
)
from extractor.runtime.limits import Deadline


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "samples" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hostile = _module("make_hostile_layers")
WORDS = vocabulary()
SEED_TEXT = SEED.read_text(encoding="utf-8")


# ------------------------------------------------------------------- the pieces

@pytest.mark.parametrize(("token", "kind"), [
    ("målepunkter,", "known"), ("AMS-målere", "known"), ("Gate-/veilys", "known"),
    ("Samandrag", "known"), (["2", "284", "127"][1], "number"), ("18 %"[:2], "number"),
    ("31.12.2016", "number"), ("2,9", "number"), ("2015-rapporteringen", "known"),
    ("Utbyggingstakt", "wordlike"), ("Q1", "wordlike"), ("•", ""), ("-", ""),
    ("rn,.Il", "junk"), ("xQzT", "junk"), ("bcdfghjk", "junk"), ("(cid:127)", ""),
    ("M(cid:1)lepunkter", "junk"), ("(cid:3)(cid:4)", "junk"),
    ("l|em_le", "junk"),
])
def test_each_word_is_classed_by_its_shape_and_the_word_list(token, kind):
    assert token_class(token, WORDS) == kind


def test_the_seed_prose_reads_as_text_and_garbage_does_not():
    """The seed's own words score near 1; a bad OCR layer's near 0."""
    import random

    real = score_words(SEED_TEXT.split())
    rng = random.Random(1)
    garbage = score_words(hostile.garbage_word(rng) for _ in range(500))
    assert real.score >= 0.9 and verdict(real) == "trusted"
    assert garbage.score < JUNK_BELOW and verdict(garbage) == "junk"


def test_a_cipher_of_the_report_is_never_trusted():
    """Letters to other letters, digits to other digits: shaped like words and numbers,
    but the words are unknown, so the numbers under them count for nothing either."""
    table = hostile.cipher(0)
    scrambled = "".join(table.get(ch, ch) for ch in SEED_TEXT)
    score = score_words(scrambled.split())
    assert score.score < TRUSTED_FROM and verdict(score) in ("junk", "doubtful")


def test_words_with_unmapped_glyphs_make_a_layer_junk_however_well_the_rest_reads():
    """A font without its ToUnicode map drops æ ø å; a symbol font's bullet alone is fine."""
    words = SEED_TEXT.split()[:300]
    bullets = score_words(words + ["(cid:127)"] * 20)
    assert verdict(bullets) == "trusted" and bullets.unmapped == 0
    broken = [w.replace("å", "(cid:1)").replace("ø", "(cid:2)") for w in words]
    score = score_words(broken)
    assert score.score >= TRUSTED_FROM and score.unmapped >= 10
    assert verdict(score) == "junk"


def test_too_few_words_is_no_text_layer():
    assert verdict(score_words(["Side", "3"])) == "empty"
    assert verdict(score_words([])) == "empty"
    assert verdict(LayerScore(40, 0, 0, 0, 40)) == "junk"
    assert verdict(LayerScore(40, 10, 0, 20, 10)) == "doubtful"


def test_the_strip_is_where_the_layer_has_the_most_words():
    words = [Word("a", 0, 5, top=100, bottom=110)] + [
        Word("b", 0, 5, top=400 + 12 * i, bottom=410 + 12 * i) for i in range(5)]
    top, bottom = strip_band(words, 842.0)
    assert top <= 400 and bottom >= 458 and top > 110


def test_the_strip_agrees_when_ocr_reads_the_layers_words():
    layer = ["Husholdninger", "2", "284", "127", "Hytter", "og", "fritidshus", "322", "913"]
    assert strip_agreement(layer, layer) == 1.0
    table = hostile.cipher(0)
    cipher = ["".join(table.get(ch, ch) for ch in word) for word in layer]
    assert strip_agreement(cipher, layer) == 0.0
    assert strip_agreement(layer, ["|", "."]) is None
    assert strip_says(0.9, 8) == "trusted" and strip_says(0.1, 8) == "junk"
    assert strip_says(None, 8) == "junk"  # the layer has words where the page shows none


def test_the_word_list_is_the_generators_output_and_holds_the_spec():
    """words.txt is data made by samples/make_wordlist.py: regenerated, never hand-edited,
    and every word of the spec's titles, labels and headers is in it."""
    maker = _module("make_wordlist")
    spec = tomllib.loads((ROOT / "extractor" / "spec" / "ams_status.toml").read_text("utf-8"))
    spec_words = maker.words_of(" ".join(maker.spec_strings(spec)))
    expected = (maker.words_of(SEED_TEXT) | maker.words_of(maker.COMMON) | spec_words)
    assert set(WORDS) == expected
    assert spec_words <= WORDS


def _scan(path: Path, number: int, check: TextLayerCheck) -> PageScan:
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[number - 1]
        return PageScan(number, float(page.width), float(page.height),
                        text_layer_words(page), PageGraphics(number), check)


def test_a_doubtful_real_page_is_trusted_by_its_strip():
    """Forced into doubt, a real text page is confirmed by OCR of its densest strip."""
    path = pdf_sample("text")
    doubtful = TextLayerCheck("doubtful", 0.5)
    [settled] = settle_doubtful(path, [_scan(path, 3, doubtful)], ReadOptions(),
                                Deadline(120))
    assert settled.words and settled.check.strip.said == "trusted"
    assert settled.check.strip.agreement >= 0.8


def test_without_ocr_a_doubtful_layer_is_read_and_marked_unchecked():
    path = pdf_sample("text")
    [settled] = settle_doubtful(path, [_scan(path, 3, TextLayerCheck("doubtful", 0.5))],
                                ReadOptions(ocr="never"), Deadline(120))
    assert settled.words and settled.check.strip.said == "unchecked"
    assert settled.check.strip.agreement is None


# ------------------------------------------------------------- through the CLI

def extract_cli(pdf: Path, out: Path, ocr: str) -> tuple[str, list[dict], str]:
    """observations.csv, report.json's pages and the summary printed by
    `ams-extract extract PDF -o OUT --ocr OCR`."""
    result = run_cli("extract", str(pdf), "-o", str(out), "--ocr", ocr, timeout=600)
    assert result.returncode in (0, 1), result.stderr  # 1: a check of the report fails
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    observations = (out / "observations.csv").read_text(encoding="utf-8")
    return observations, report["pages"], result.stdout


@pytest.fixture(scope="module")
def hostile_pdfs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    return {
        "junk-layer": hostile.junk_layer(hostile.SCANNED, folder / "junk-layer.pdf"),
        "scrambled": hostile.scrambled_tounicode(hostile.TEXT, folder / "scrambled.pdf"),
    }


def test_a_subset_font_without_tounicode_gives_in_auto_the_values_of_ocr_always(tmp_path):
    """A real subset font (reportlab, DejaVu Sans Mono) without its ToUnicode map: ASCII
    comes out right, æ ø å as "(cid:1)". Its words score like text (0.84-0.94), but the
    words with an unmapped glyph make it junk: read as text it gave 63 of the 122 values
    its intact twin gives."""
    pytest.importorskip("reportlab")
    pdf = hostile.subset_font_without_tounicode(tmp_path / "subset.pdf")
    always, _, _ = extract_cli(pdf, tmp_path / "always", "always")
    auto, pages, _ = extract_cli(pdf, tmp_path / "auto", "auto")
    assert auto == always
    assert len(auto.splitlines()) > 100
    assert [p["text_layer"]["verdict"] for p in pages] == ["junk"] * len(pages)


@pytest.mark.parametrize("name", ["junk-layer", "scrambled"])
def test_a_junk_layer_gives_in_auto_the_values_of_ocr_always(hostile_pdfs, tmp_path, name):
    """Before: "no section of an AMS status report was found". Now each page's layer is
    judged junk (or doubtful, then junk by its strip) and the page is OCR'd."""
    pdf = hostile_pdfs[name]
    always, always_pages, _ = extract_cli(pdf, tmp_path / "always", "always")
    auto, pages, summary = extract_cli(pdf, tmp_path / "auto", "auto")
    assert auto == always
    assert "17 ocr (17 from the OCR cache); 17 with a junk text layer" in summary
    assert len(auto.splitlines()) == 1 + 123
    assert [p["method"] for p in pages] == ["ocr"] * 17
    for page in pages:
        layer = page["text_layer"]
        assert layer["verdict"] == "junk" or (
            layer["verdict"] == "doubtful" and layer["strip"]["said"] == "junk"), page
        assert layer["score"] < TRUSTED_FROM
    assert all(p["text_layer"] is None for p in always_pages)  # not read at all


def test_with_ocr_never_a_junk_layer_is_skipped_not_read(hostile_pdfs):
    from extractor.document_reading import read_source

    pdf = hostile_pdfs["junk-layer"]
    document = read_source(pdf, ReadOptions(ocr="never"))
    assert [p.method for p in document.pages] == ["skipped"] * 17
    assert document.pages[0].note == "a junk text layer and --ocr never"
    assert not document.lines


@pytest.mark.parametrize("name", ["text", "alt", "mixed"])
def test_the_text_samples_layers_are_trusted(tmp_path, name):
    _, pages, summary = extract_cli(pdf_sample(name), tmp_path / name, "auto")
    assert "junk" not in summary
    layers = [p for p in pages if p["method"] == "text-layer"]
    assert len(layers) == {"text": 17, "alt": 9, "mixed": 15}[name]
    assert all(p["text_layer"]["verdict"] == "trusted" for p in layers)
    assert min(p["text_layer"]["score"] for p in layers) >= 0.85
    for page in pages:
        if page["method"] == "ocr":  # the mixed sample's scanned front pages
            assert page["text_layer"] == {"verdict": "empty", "score": None, "strip": None,
                                          "dictionary": None}


# ------------------------------------------- another language: Tesseract's dictionaries

ENGLISH = (
    "The annual statistics of the regional energy agency cover the generation and the "
    "consumption of electricity in each of the member states. Figures for the most recent "
    "year are provisional and may be revised when the final accounts of the network "
    "operators have been received. The table below shows the number of customers connected "
    "at the end of the year, by type of customer, together with the share of customers "
    "whose meters can be read remotely. Small differences between the totals and the sum "
    "of their parts are due to rounding."
)
ENGLISH_TABLE = [("Households", "2 284 127", "81 %"), ("Industry", "112 904", "64 %"),
                 ("Agriculture", "98 211", "52 %"), ("Public services", "57 310", "77 %"),
                 ("Total", "2 552 552", "79 %")]


def english_pdf(path: Path) -> Path:
    """One page of English prose and a table, typeset by reportlab: a clean text layer
    in a language the report's word list does not know."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    styles = getSampleStyleSheet()
    rows = [("Customer type", "Customers", "Remote reading"), *ENGLISH_TABLE]
    SimpleDocTemplate(str(path), pagesize=A4).build([
        Paragraph("Electricity customers and remote reading", styles["Heading1"]),
        Paragraph(ENGLISH, styles["BodyText"]), Spacer(0, 12), Table(rows),
        Spacer(0, 12), Paragraph(ENGLISH, styles["BodyText"])])
    return path


def _installed(language: str) -> bool:
    from extractor.readers.dictionaries import installed_languages
    return language in installed_languages()


needs_english = pytest.mark.skipif(not _installed("eng"),
                                   reason="Tesseract's English data is not installed")


@needs_english
def test_an_english_page_with_a_clean_layer_is_trusted_by_the_dictionaries_without_ocr(
        tmp_path):
    """The report's word list finds English prose doubtful; Tesseract's English
    dictionary reads it as text, so no strip is OCR'd (the strip was 5.5 of 9.6 s on a
    15-page English document)."""
    from extractor.model.reading import OcrMode
    from extractor.readers.pdf import scan_text_layers

    path = english_pdf(tmp_path / "english.pdf")
    [scan] = scan_text_layers(str(path), None, OcrMode.AUTO, 10)
    assert scan.check.verdict == "doubtful"
    assert scan.check.dictionary.said == "trusted"
    assert "eng" in scan.check.dictionary.languages
    assert scan.check.dictionary.score >= TRUSTED_FROM > scan.check.score
    assert scan.check.dictionary.unreadable_letters == 0.0
    [settled] = settle_doubtful(path, [scan], ReadOptions(), Deadline(120))
    assert settled.words and settled.check.strip is None  # no OCR was run


HEBREW_ROWS = [("משקי בית", "2 284 127"), ("תעשייה", "112 904"), ("חקלאות", "98 211"),
               ("שירותים ציבוריים", "57 310"), ("סך הכול", "2 552 552")]


def hebrew_pdf(path: Path) -> Path:
    """A table with Hebrew labels in DejaVu Sans (matplotlib's copy): a clean text layer
    in a script neither installed OCR language reads."""
    import matplotlib
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(font)))
    page = canvas.Canvas(str(path))
    page.setFont("DejaVuSans", 11)
    for number, (label, value) in enumerate(HEBREW_ROWS * 3):
        page.drawString(72, 760 - 18 * number, label)
        page.drawRightString(360, 760 - 18 * number, value)
    page.save()
    return path


@needs_english
def test_a_layer_in_a_script_no_installed_language_reads_is_trusted_not_ocrd(tmp_path):
    """OCR with the Norwegian model turned such a page's labels into Latin garbage (a
    Hebrew and a Japanese table of tabula-java's tests): the layer is the only reading."""
    from extractor.model.reading import OcrMode
    from extractor.readers.pdf import readable, scan_text_layers

    [scan] = scan_text_layers(str(hebrew_pdf(tmp_path / "hebrew.pdf")), None,
                              OcrMode.AUTO, 10)
    assert scan.check.verdict == "junk"  # by the report's words: no word known
    assert scan.check.dictionary.unreadable_letters == 1.0
    assert scan.check.dictionary.said == "trusted" and readable(scan.check)
    assert any(w.text == "תעשייה" for w in scan.words) or any(
        "תעשייה"[::-1] == w.text for w in scan.words)


def test_private_use_characters_never_make_a_layer_look_foreign():
    from extractor.readers.text_quality import unreadable_share

    readable_here = frozenset("abcdefghijklmnopqrstuvwxyzæøå")
    assert unreadable_share(["\ue001\ue002\ue003", "abc"], readable_here) == 0.0
    assert unreadable_share(["\ue001", "123"], readable_here) is None
    assert unreadable_share(["שלום", "ab"], readable_here) == round(4 / 6, 3)


@needs_english
@pytest.mark.parametrize("seed", range(4))
def test_a_cipher_of_english_is_not_trusted_by_the_dictionaries(seed):
    """A font whose ToUnicode map scrambles letters gives words shaped like words: with
    half a million dictionary words known, the cipher must still stay doubtful (the strip
    then finds it junk)."""
    from extractor.readers.dictionaries import Words, dictionary_words

    known = Words(WORDS, *dictionary_words().lists)
    table = hostile.cipher(seed)
    tokens = (ENGLISH + " " + " ".join(" ".join(row) for row in ENGLISH_TABLE)).split()
    assert verdict(score_words(tokens, known)) == "trusted"
    cipher = ["".join(table.get(ch, ch) for ch in token) for token in tokens]
    assert verdict(score_words(cipher, known)) != "trusted"


def test_without_the_dictionary_tools_the_strip_decides(monkeypatch):
    """No `dawg2wordlist` (Tesseract installed without Debian's tools): no dictionary,
    the page stays doubtful for the strip, as before."""
    from extractor.readers import dictionaries

    monkeypatch.setattr(dictionaries.shutil, "which", lambda tool: None)
    dictionaries.installed_languages.cache_clear()
    dictionaries.language_words.cache_clear()
    try:
        assert dictionaries.installed_languages() == ()
        assert dictionaries.dictionary_words().lists == ()
    finally:
        dictionaries.installed_languages.cache_clear()


def test_no_page_of_a_scrambled_font_is_trusted_by_the_dictionaries(hostile_pdfs):
    """Half a million dictionary words must not vouch for a cipher: every page of the
    scrambled sample stays junk or doubtful (then the strip finds it junk)."""
    from extractor.model.reading import OcrMode
    from extractor.readers.pdf import scan_text_layers

    scans = scan_text_layers(str(hostile_pdfs["scrambled"]), None, OcrMode.AUTO, 50)
    assert len(scans) == 17
    assert all(scan.check.outcome != "trusted" for scan in scans)


@pytest.mark.parametrize("size", [1, 2, 3, 50, 1000])
def test_a_kept_word_list_is_searched_exactly(tmp_path, size):
    """WordFile's binary search over the memory-mapped list finds every word of it,
    first and last included, and nothing else (prefixes, extensions, other cases)."""
    import random

    from extractor.readers.dictionaries import WordFile

    rng = random.Random(size)
    letters = "abcdefghijklmnopqrstuvwxyzæøåéü"
    words = sorted({"".join(rng.choice(letters) for _ in range(rng.randint(4, 12)))
                    for _ in range(size)}, key=lambda w: w.encode("utf-8"))
    path = tmp_path / "words"
    path.write_bytes("\n".join(words).encode("utf-8"))
    kept = WordFile(path)
    assert all(word in kept for word in words)
    others = {w[:-1] for w in words} | {w + "a" for w in words} | {"", "\n", "zzzzzzzzzzzzz"}
    assert not any(word in kept for word in others - set(words))


@needs_english
def test_the_dictionaries_are_unpacked_once_into_the_cache(tmp_path):
    from extractor.readers.dictionaries import WordFile, language_words

    first = language_words("eng", tmp_path)
    [kept] = (tmp_path / "dictionaries").glob("eng-*.words")
    assert isinstance(first, WordFile) and "electricity" in first and "electricityy" not in first
    language_words.cache_clear()
    kept.write_bytes(b"aaaa\nzzzz")  # the kept list, not the tools, answers from now on
    second = language_words("eng", tmp_path)
    language_words.cache_clear()
    assert "zzzz" in second and "electricity" not in second


@needs_english
def test_a_kept_word_list_that_is_a_link_is_not_followed(tmp_path):
    """As the OCR cache's entries: a link where a kept list should be is never read; the
    list is unpacked again and the link replaced, its target left as it was."""
    from extractor.readers.dictionaries import _cache_file, language_words

    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(b"aaaa\nzzzz")
    kept = _cache_file("eng", tmp_path / "cache")
    kept.parent.mkdir(parents=True)
    kept.symlink_to(elsewhere)
    language_words.cache_clear()
    try:
        words = language_words("eng", tmp_path / "cache")
        assert "electricity" in words and "zzzz" not in words
    finally:
        language_words.cache_clear()
    assert elsewhere.read_bytes() == b"aaaa\nzzzz" and not kept.is_symlink()
