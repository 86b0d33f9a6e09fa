#!/usr/bin/env python3
"""PDFs whose text layer lies: the junk layers `--ocr auto` must not trust (issue 11).

Two kinds, each made from a committed sample with the page images left exactly as
they were (so OCR of a page reads what it read before, and the OCR cache, keyed by the
rendered page, is shared with the sample):

* ``junk_layer``: the scanned sample with a bad OCR layer, lines of garbage words drawn
  in invisible text render mode over every page, as a poor OCR program leaves them.
* ``scrambled_tounicode``: the text sample with a ToUnicode CMap added to its fonts that
  maps every letter to another letter and every digit to another digit. The pages are
  drawn as before (a viewer draws glyphs by the font's encoding), but text extraction
  (pdfminer) yields a cipher of the text, shaped like words and numbers, none of them the
  real ones: what a subset font with a wrong ToUnicode map gives.
* ``subset_font_without_tounicode``: the seed edition typeset line by line in an embedded
  subset of DejaVu Sans Mono (reportlab), its ToUnicode map then removed. The subset
  keeps ASCII at its codes, so most words still come out right, but every æ, ø and å is
  "(cid:1)": "M(cid:1)lepunkter", and the tables lose their labels.

Usage, from the repository root::

    python samples/make_hostile_layers.py OUTDIR

writes OUTDIR/nve-ams-status-2016h1-junk-layer.pdf, -scrambled-tounicode.pdf and
-subset-no-tounicode.pdf. Deterministic: the same seed gives byte-identical files. Needs
pypdfium2, and reportlab and matplotlib (its DejaVu fonts) for the third.
"""

from __future__ import annotations

import ctypes
import random
import re
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ROOT / "samples" / "pdf" / "nve-ams-status-2016h1-scanned.pdf"
TEXT = ROOT / "samples" / "pdf" / "nve-ams-status-2016h1-text.pdf"
SEED = ROOT / "samples" / "nve-ams-status-2016h1.txt"

# What a bad OCR layer is made of: strokes read as i, l, I, 1, |, specks as punctuation.
GARBAGE = "ilI1|!.,:;'`-_~rnmwvuoeacsHNMWEe"


def garbage_word(rng: random.Random) -> str:
    """One word of a bad OCR layer: mostly strokes and specks, now and then letters."""
    if rng.random() < 0.2:
        return "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(rng.randint(2, 7)))
    return "".join(rng.choice(GARBAGE) for _ in range(rng.randint(1, 7)))


def junk_layer(source: Path, out: Path, seed: int = 0) -> Path:
    """`source` with an invisible layer of garbage words, lines 14 pt apart, on every page."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    rng = random.Random(seed)
    pdf = pdfium.PdfDocument(str(source))
    for page in pdf:
        width, height = page.get_size()
        y = height - 70.0
        while y > 60:
            x = 60.0 + rng.random() * 20
            while x < width - 100:
                word = garbage_word(rng)
                text = raw.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", ctypes.c_float(10))
                encoded = (word + "\0").encode("utf-16-le")
                buffer = ctypes.create_string_buffer(encoded, len(encoded))
                raw.FPDFText_SetText(text, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
                raw.FPDFTextObj_SetTextRenderMode(text, raw.FPDF_TEXTRENDERMODE_INVISIBLE)
                raw.FPDFPageObj_Transform(text, 1, 0, 0, 1, x, y)
                raw.FPDFPage_InsertObject(page.raw, text)
                x += 6 * len(word) + 8 + rng.random() * 20
            y -= 14.0
        page.gen_content()
    pdf.save(str(out))
    pdf.close()
    return out


def cipher(seed: int) -> dict[str, str]:
    """A substitution: each letter to another of the same case, each digit to another."""
    rng = random.Random(seed)
    table: dict[str, str] = {}
    for alphabet in ("abcdefghijklmnopqrstuvwxyzæøå", "ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ",
                     "0123456789"):
        letters = list(alphabet)
        shuffled = letters[:]
        while any(a == b for a, b in zip(letters, shuffled, strict=True)):
            rng.shuffle(shuffled)
        table.update(zip(letters, shuffled, strict=True))
    return table


def tounicode_cmap(mapping: dict[str, str]) -> bytes:
    """A ToUnicode CMap for a one-byte (WinAnsi) font: code -> the mapped character."""
    entries = []
    for code in range(32, 256):
        try:
            char = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            continue
        if char in mapping:
            target = mapping[char].encode("utf-16-be").hex().upper()
            entries.append(f"<{code:02X}> <{target}>")
    body = "\n".join(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar"
                     for chunk in (entries[i:i + 100] for i in range(0, len(entries), 100)))
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Scrambled def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
            f"{body}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
            ).encode("ascii")


def scrambled_tounicode(source: Path, out: Path, seed: int = 0) -> Path:
    """`source` with a scrambling ToUnicode CMap on each of its simple fonts, written as an
    incremental update (the original bytes stay as they are; new font objects follow)."""
    data = source.read_bytes()
    trailer = data[data.rindex(b"trailer"):]
    size = int(re.search(rb"/Size (\d+)", trailer)[1])
    previous = int(re.search(rb"startxref\s+(\d+)", trailer)[1])
    fonts = [(int(m[1]), m[2]) for m in re.finditer(rb"(\d+) 0 obj\s*<<([^<>]*)>>\s*endobj",
                                                    data)
             if b"/Type /Font" in m[2] and b"/ToUnicode" not in m[2]]
    if not fonts:
        raise ValueError(f"{source}: no simple font without ToUnicode")
    out_bytes = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offsets: dict[int, int] = {}
    stream = zlib.compress(tounicode_cmap(cipher(seed)))
    offsets[size] = len(out_bytes)
    out_bytes += (f"{size} 0 obj\n<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n"
                  .encode() + stream + b"\nendstream\nendobj\n")
    for number, body in fonts:
        offsets[number] = len(out_bytes)
        out_bytes += (f"{number} 0 obj\n<<".encode() + body
                      + f"/ToUnicode {size} 0 R\n>>\nendobj\n".encode())
    xref = len(out_bytes)
    out_bytes += b"xref\n" + b"".join(
        f"{number} 1\n{offset:010d} 00000 n \n".encode() for number, offset in sorted(
            offsets.items()))
    kept = b"".join(m[0] + b"\n" for m in re.finditer(rb"/(?:Root|Info) \d+ 0 R", trailer))
    out_bytes += (b"trailer\n<<\n/Size " + str(size + 1).encode() + b"\n" + kept
                  + f"/Prev {previous}\n>>\nstartxref\n{xref}\n%%EOF\n".encode())
    out.write_bytes(bytes(out_bytes))
    return out


def subset_font_without_tounicode(out: Path, seed_text: Path = SEED) -> Path:
    """The seed's lines in an embedded DejaVu Sans Mono subset, 7.5 pt, 80 lines a page
    (a fixed pitch keeps the dump's columns), without the font's ToUnicode map. The map's
    reference is blanked in place, so every offset of the file stays valid."""
    import matplotlib
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSansMono.ttf"
    pdfmetrics.registerFont(TTFont("DejaVuSansMono", str(font)))
    typeset = out.with_suffix(".with-tounicode.pdf")
    page = canvas.Canvas(str(typeset), pageCompression=0, invariant=1)
    y = 810.0
    for line in seed_text.read_text(encoding="utf-8").splitlines():
        page.setFont("DejaVuSansMono", 7.5)
        page.drawString(20, y, line)
        y -= 10
        if y < 30:
            page.showPage()
            y = 810.0
    page.save()
    data = typeset.read_bytes()
    typeset.unlink()
    out.write_bytes(re.sub(rb"/ToUnicode \d+ 0 R", lambda m: b" " * len(m[0]), data))
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.split("Usage")[1], file=sys.stderr)
        return 2
    folder = Path(argv[0])
    folder.mkdir(parents=True, exist_ok=True)
    print(junk_layer(SCANNED, folder / "nve-ams-status-2016h1-junk-layer.pdf"))
    print(scrambled_tounicode(TEXT, folder / "nve-ams-status-2016h1-scrambled-tounicode.pdf"))
    print(subset_font_without_tounicode(folder / "nve-ams-status-2016h1-subset-no-tounicode.pdf"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
