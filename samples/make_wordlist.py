#!/usr/bin/env python3
"""Writes extractor/readers/words.txt: the words a text layer of an AMS status report is made of.

`extractor.readers.text_quality` trusts a PDF's text layer when it reads like a report:
most of its words are Norwegian words it knows, or numbers. The list is small on purpose
(a few hundred words, not a dictionary): the spec's titles, row labels and headers (the
words every table is printed with, Bokmål and Nynorsk), the prose of the seed edition
(samples/nve-ams-status-2016h1.txt), and the common words of both written forms, which
any Norwegian prose is full of. Regenerate after adding aliases to the spec:

    python samples/make_wordlist.py

Deterministic: the same inputs give a byte-identical file.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "nve-ams-status-2016h1.txt"
SPEC = ROOT / "extractor" / "spec" / "ams_status.toml"
OUT = ROOT / "extractor" / "readers" / "words.txt"

# The commonest words of Bokmål and Nynorsk prose (function words, auxiliaries, and the
# words of dates and reporting), so that prose the seed does not hold still reads as text.
COMMON = """
og i er av til på som med for det den de en et ei å at ikke ikkje har hadde var vil skal
kan kunne må blir ble vert vart blitt vorte være vere være seg sin sitt sine om fra frå
etter før under over mellom ved per mot også òg eller men så da då når der her dette
denne disse desse dei dette han hun ho vi me eg jeg du dere de oss dykk deres hvor kor
hva kva hvilke kva for enn bare berre alle alt andre anna nye ny nytt nytt første fyrste
siste mer meir mest flere fleire færre mange noen nokre noe noko ingen inga ingen inkl
januar februar mars april mai juni juli august september oktober november desember
kvartal halvår år året åra årene måned månad måneder månader uke veke dag dagar dager
status rapport rapporten rapportering rapporteringen rapporteringa tabell figur side
kilde kjelde merknad kommentar kommentarar kommentarer totalt sum antall tal talet
prosent andel del delen ja nei annet anna annen anna andre ukjent ukjend mv etc ca
nve ams han kwh mill mrd kr nok pki gprs plc rf radio fiber mobil norges vassdrags
energidirektorat energidirektoratet norge oslo
"""

LETTERS = re.compile(r"^[a-zæøåéèüäö]+$")


def words_of(text: str) -> set[str]:
    """Lower-case words of letters only. A word with a capital inside ("aJJe", "QllQ")
    is an OCR slip of the seed's source scan, not a word."""
    found = set()
    for token in re.split(r"[\s\-–/(),.:;«»\"'!?%<>•·]+", text):
        if not token or (token[1:] != token[1:].lower() and token != token.upper()):
            continue
        word = token.lower()
        if LETTERS.match(word):
            found.add(word)
    return found


def spec_strings(node: object) -> list[str]:
    """Every title, label and header of the spec (not its patterns or rules)."""
    out: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("titles", "labels", "headers", "stub_headers") and isinstance(value, list):
                out += [v for v in value if isinstance(v, str)]
            else:
                out += spec_strings(value)
    elif isinstance(node, list):
        for value in node:
            out += spec_strings(value)
    return out


def main() -> None:
    spec = tomllib.loads(SPEC.read_text(encoding="utf-8"))
    words = words_of(SEED.read_text(encoding="utf-8")) | words_of(COMMON)
    words |= words_of(" ".join(spec_strings(spec)))
    header = ("# Words of NVE AMS status reports, for judging a PDF's text layer "
              "(extractor/readers/text_quality.py).\n"
              "# Made by samples/make_wordlist.py from the spec, the seed edition and common "
              "Bokmål and Nynorsk words; regenerate, do not edit.\n")
    OUT.write_text(header + "".join(f"{w}\n" for w in sorted(words)), encoding="utf-8")
    print(f"{len(words)} words -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
