#!/usr/bin/env python3
"""Deterministic generator of sample PDFs of NVE's 2016 AMS status report.

How to run (from the repository root)::

    python samples/make_pdf_samples.py                 # all four samples -> samples/pdf/
    python samples/make_pdf_samples.py --out /tmp/pdf  # somewhere else
    python samples/make_pdf_samples.py --only text     # one sample: text | mixed | scanned | alt

Needs fpdf2 (2.8.x), pypdfium2, Pillow and numpy.  Running the script twice gives
byte-identical files (fixed creation date and producer, seeded noise/angles, no
timestamps), so the outputs can be committed and compared by hash.

The content is the report as in ``samples/nve-ams-status-2016h1.txt`` (a Word text
export), hand-encoded below as plain data: every word and number as in the dump,
including the OCR slips of the front pages ("aJJe", "instalJasjonsplan", "AntaJJ",
"instaJJerte", "fu]]føres").  Only the characters outside latin-1 are mapped:
the quotes ” “ become '"' and the bullets • / U+F0B7 become "·".

Why each sample exists:

* ``nve-ams-status-2016h1-text.pdf`` - the baseline: a text-layer PDF laid out like
  the printed report (A4, Helvetica 11 pt, one section per page, real table columns,
  wrapped labels with values bottom-aligned on the label's last line, thin rules
  between rows, bar charts without numbers for sections 4 and 5).  Exercises the
  table reconstruction from a text layer.
* ``nve-ams-status-2016h1-mixed.pdf`` - the same document where pages 1-2 (Forord,
  Sammendrag) are scanned images without a text layer and the rest keeps its text
  layer.  Exercises per-page choice between text layer and OCR.
* ``nve-ams-status-2016h1-scanned.pdf`` - every page an image (200 dpi grayscale,
  small seeded rotation, mild blur and noise, JPEG).  Exercises the OCR path only.
* ``nve-ams-status-2016h1-alt.pdf`` - a different layout of the same content
  (Times 10 pt, Courier numbers, other column positions and widths, values
  top-aligned with the first line of a wrapped label, no rules, sections flowing
  several per page, page numbers bottom right).  Guards against an extractor that
  only works for one layout.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from fpdf import FPDF
from PIL import Image, ImageFilter

HERE = Path(__file__).resolve().parent
BASENAME = "nve-ams-status-2016h1"
CREATION_DATE = dt.datetime(2016, 10, 1, 12, 0, 0, tzinfo=dt.UTC)
PRODUCER = "ams-extract samples/make_pdf_samples.py"
SEED = 2016
B = "\u00b7"  # latin-1 bullet used for the report's bullets

# ---------------------------------------------------------------------------
# Content, hand-encoded from samples/nve-ams-status-2016h1.txt
# ---------------------------------------------------------------------------

FORORD = {
    "title": "Forord",
    "paragraphs": [
        "Overgang til et avansert måle- og styringssystem (AMS) med såkalte smarte "
        "målere er et omfattende, tidkrevende og kostbart prosjekt. Prosjektet vil medføre "
        "betydelige teknologiske og organisatoriske endringer for nettselskapene og krever "
        "en god og systematisk planlegging.",
        "NVE mener det er viktig å følge planleggingen og jevnlig få en samlet oversikt "
        "over hvor langt nettselskapene har kommet i planlegging og organisering av "
        "arbeidet med AMS.",
        "Det er kun litt over to år igjen til installasjonsfristen 1.1.2019 går ut, og NVE vil "
        "følge utviklingen nøye de neste månedene. NVE planlegger derfor å gjennomføre "
        "2-3 rapporteringer i løpet av 2017. Dette vil bli begrensede rapporteringer med "
        "særlig vekt på status om selve installasjonsprosessen.",
        "Oslo, oktober 2016",
    ],
    # signature block: left column lines, then the right-hand title
    "signature_left": ["QllQ ill", "Ove Flataker", "avdelingsdirektør"],
    "signature_right": ["seksjonssjef"],
}

SAMMENDRAG = {
    "title": "Sammendrag",
    "paragraphs": [
        "Denne rapporten viser status og planer for innføring av AMS per 1. halvår 2016.",
        "111 nettselskaper har rapportert om status og planer for gjennomføring av AMS. Disse "
        "selskapene representerer vel 2,9 mill. målepunkter. Disse tallene omfatter også de 34 "
        "selskaper med om lag 200 000 målepunkt som er gitt dispensasjon fra enkelte "
        "funksjonskrav til og med 2020.",
        "I motsetning til forrige rapportering hadde stort sett aJJe selskapene inngått "
        "avtaler med "
        "utstyrsleverandører og installatører før fastsatt frist for rapportering.",
        "Sammenlignet med forrige rapportering i 2015 er det forholdvis små endringer mht. "
        "planlagt instalJasjonsplan. Det er fremdeles stor spredning i anslått investeringskostnad "
        "per målepunkt mellom nettselskapene.",
        "AntaJJ planlagt instaJJerte AMS-målere per utgangen av 2016 er markert lavere i denne "
        "rapporteringen sammenlignet med 2015-rapporteringen.",
    ],
    "subheading": "Hovedtall per 1. halvår 2016",
    "groups": [
        ("Installasjonsplan",
         ["18 % fu]]føres før 31.12.2016, 70 % før 31.12.2017 og «resten» (30 %) ila. 2018"]),
        ("Investeringskostnader",
         ["Total investeringskostnad for AMS-prosjektet er omtrent 10 mrd. kr"]),
    ],
}

# Table sections.  header: list of cells, a cell is "text" (explicit line breaks
# where the dump shows the header split) or ("text", span).  rows: label + values.
# A label starting with "- " is an indented sub-row.  widths: column widths in mm
# for the text sample; a width given as a string means "just wide enough for this
# text" (used to force wrapping of longer labels).  comments: a bullet is "text"
# or ("text", "description paragraph below the bullet").
SECTIONS = [
    {
        "num": 1, "title": "Målepunkter fordelt på kundekategorier",
        "header": ["Kategori", "Antall målepunkt"],
        "rows": [
            ["Husholdninger", "2 284 127"],
            ["Hytter og fritidshus", "322 913"],
            ["Næring > 100 000 kWh", "302 878"],
            ["Gate-/veilys", "20 025"],
            ["Annet", "18 451"],
            ["Totalt", "2 948 394"],
        ],
        "widths": [62, 40],
        "comments": [
            "Antall målepunkt er inkl. 33 nettselskaper som er innvilget delvis dispensasjon "
            "fra forskriftskravet om AMS. Alle disse selskapene hadde gjennomført installasjon "
            "av timeregistrerende målere med toveis kommunikasjon før forskriftsvedtaket.  "
            "Disse selskapene representerer omlag 200 000 målepunkt.",
        ],
    },
    {
        "num": 2, "title": "Årlig installasjonsplan",
        "header": ["", "2015", "2016", "2017", "2018", "2019", "2020"],
        "rows": [
            ["Antall målere installert per år",
             "179383", "347286", "1539247", "873890", "14310", "14489"],
            ["%-vis antall målere installert per år", "6", "12", "52", "30", "0,5", "0,5"],
        ],
        "widths": [56, 19, 19, 19, 19, 19, 19],
        "comments": [
            "2015-tall er sum historisk installert til og med 2015.",
            "Tallene for 2019 og 2020 er opplyst av nettselskaper som er gitt dispensasjon "
            "fra enkelte bestemmelser i AMS-forskriften.",
        ],
    },
    {
        "num": 3, "title": "Kvartalsvis installasjonsplan",
        "header": ["", "2016", "1.kv\n2017", "2.kv\n2017", "3.kv\n2017", "4.kv\n2017",
                   "1.kv\n2018", "2.kv\n2018", "3.kv\n2018", "4.kv\n2018"],
        "rows": [
            ["Antall målere (x 1000) installert per kvartal",
             "527", "315", "412", "429", "380", "345", "301", "195", "33"],
            ["Akkumulert %-vis fullført",
             "18", "29", "43", "57", "70", "82", "92", "99", "100"],
        ],
        "widths": [23, 16, 16, 16, 16, 16, 16, 16, 16, 16],
        "comments": [
            "Antall planlagte målere er i hele tusen.",
            "2016-tall er sum historisk og planlagt installert til og med 2016.",
            "Planlagt installert per utgangen av 2016 er markert lavere i denne rapporteringen "
            "sammenlignet med 2015-rapporteringen.",
        ],
    },
    {
        "num": 4, "title": "Kostnader per målepunkt",
        "chart": {
            "labels": ["5 laveste", "Veiet gj.snitt for alle", "5 høyeste"],
            # relative bar heights (no numbers are printed)
            "stacks": [[0.30], [0.55], [0.95]],
        },
        "comments": [
            'I "Veiet gj.snitt for alle" er brukt nettselskapenes samlede antall målepunkt '
            "som vekter",
            "Med de «5 laveste» menes de 5 nettselskapene har lavest oppgitt AMS-kostnad per "
            "målepunkt. Tilsvarende for de «5 høyeste».",
            "87 nettselskaper med ca. 2,2 mill. målepunkt har kostnad mindre enn veiet "
            "gjennomsnittskostnad",
            "24 nettselskaper med ca. 0,7 mill. målepunkt har kostnad større enn veiet "
            "gjennomsnitt",
        ],
    },
    {
        "num": 5, "title": "Kostnader per målepunkt for noen større nettselskaper",
        "chart": {
            "labels": ["Selskap A", "Selskap B", "Selskap C", "Selskap D"],
            "stacks": [[0.30, 0.20, 0.12, 0.18], [0.28, 0.30, 0.08, 0.10],
                       [0.35, 0.15, 0.20, 0.25], [0.25, 0.22, 0.10, 0.06]],
        },
        "comments": [
            "Stolpediagrammet viser kostnadsfordelingen per målepunkt for noen av de største "
            "nettselskapene. Tallene viser budsjettert kostnad for hhv innkjøp av AMS-måler, "
            'installasjon av måler, kommunikasjon og "Annet". "Annet" er i hovedsak kostnad '
            "til sentralt innsamlingssystem. Den markerte spredningen i totalkostnad per "
            "målepunkt og kostnadsfordelingen mellom de ulike kategoriene er for øvrig et "
            "typisk trekk for nettselskapene sett under ett.",
        ],
    },
    {
        "num": 6, "title": "Innkjøpsallianser AMS",
        "header": ["Kategori", "Antall nettselskap", "Ca. antall\nmålepunkt"],
        "rows": [
            ["Ja, nettselskapet har inngått samarbeidsavtale med andre nettselskap",
             "76", "1,2 mill."],
            ["Nei, nettselskapet har ingen formell samarbeidsavtale (*)", "35", "1,7 mill."],
        ],
        "widths": [62, 42, 30],
        "comments": [
            "(*) 5 av de 7 største nettselskapene inngår ikke i formaliserte innkjøpsallianser "
            "om AMS. Disse 5 selskapene representerer vel 1,4 mill. målepunkter.",
        ],
    },
    {
        "num": 7, "title": "Driftsallianser etter AMS-gjennomføringen",
        "header": ["Kategori", "Antall nettselskap", "Ca. antall målepunkt"],
        "rows": [
            ["Valider AS", "27", "734 000"],
            ["Smarthub AS", "11", "154 000"],
            ["Andre driftsallianser", "38", "315 000"],
            ["Deltar ikke i en driftsallianse", "35", "1 746 000"],
        ],
        "widths": [64, 42, 46],
        "comments": [
            "Kategorien «Deltar ikke i en driftsallianse» omfatter bl.a. 5 nettselskap som "
            "samlet utgjør knappe 1,4 mill. målepunkt. Enkeltvis har disse selskapene mellom "
            "137 000 og 689 000 målepunkt. Sammen med allianser representerer disse samlet "
            "nesten 2,6 mill. målepunkt, dvs. 87 % av alle målerne.",
        ],
    },
    {
        "num": 8, "title": "Valg av AMS-leverandør",
        "header": ["Kategori", "Antall\nnettselskap", "Andel av alle\nmålepunkt (%)"],
        "rows": [
            ["Aidon", "42", "50"],
            ["Kamstrup", "37", "23"],
            ["Kaifa", "26", "25"],
            ["Andre", "6", "2"],
        ],
        "widths": [50, 32, 36],
        "comments": [
            "Kategorien «Andre» gjelder nettselskap som er gitt dispensasjon fra "
            "forskriftskravet.",
        ],
    },
    {
        "num": 9, "title": "Gjennomføring av installasjon av målere",
        "header": ["Kategori", ("Antall selskap\n2016-\nrapportering\n(%)", 2),
                   ("Antall selskap\n2015-\nrapportering", 2)],
        "rows": [
            ["Egne montører", "16", "(14%)", "7", "(9%)"],
            ["Eksterne montører", "43", "(39%)", "33", "(41%)"],
            ["Både egne og eksterne montører", "52", "(47%)", "41", "(51%)"],
        ],
        "widths": [64, 14, 20, 14, 20],
        "comments": [
            'Med "Egne montører" menes her montører som eiermessig tilhører samme selskap '
            'eller konsern. "Eksterne montører" er eiermessig uavhengige av nettselskapet.',
            "Det er kun mindre nettselskaper som benytter egne montører",
        ],
    },
    {
        "num": 10, "title": "Kommunikasjonsløsninger",
        "header": ["Kategori", "Måler - Konsentrator", "Konsentrator - Head\nend"],
        "rows": [
            ["Radio/Radiomesh", "104", "1"],
            ["Mobil (GPRS, 4G, 3G, 2G)", "1", "87"],
            ["PLC", "4", "0"],
            ["Fiber", "1", "17"],
            ["Annet/ikke avklart", "1", "6"],
        ],
        "widths": [58, 46, 44],
        "comments": [
            "NB. Om nettselskapet benytter flere kommunikasjonsløsninger er kun den mest "
            "brukte løsningen rapportert.",
        ],
    },
    {
        "num": 11, "title": "Informasjonskampanjer",
        "header": ["Kategori", "Antall"],
        "rows": [
            ["Kampanje er planlagt", "95"],
            ["- Brosjyre", "87"],
            ["- E-post", "50"],
            ["- SMS", "49"],
            ["- Hjemmeside", "85"],
            ["- Annet", "18"],
            ["Kampanje er ikke planlagt", "16"],
        ],
        "widths": [60, 26],
        "comments": ["De fleste selskapene planlegger flere kampanjer."],
    },
    {
        "num": 12, "title": "Selskapenes vurdering av risiko",
        "header": ["Kategori/Antall selskap", "Lav\nrisiko", "Moderat risiko", "Høy\nrisiko",
                   "Svært høy\nrisiko"],
        "rows": [
            ["Kompetanse-/ressursbegrensning", "32", "63", "14", "2"],
            ["IKT-/informasjonssikkerhet", "32", "67", "10", "2"],
            ["Adkomst til måler", "36", "65", "10", "0"],
            ["Tilgang på installatører", "81", "27", "3", "0"],
        ],
        "widths": [64, 20, 32, 20, 26],
        "comments": [
            ("Kompetanse/ressursbegrensninger (særlig IKT-relatert)",
             "I hvilken grad vurderer nettselskapet at tilgangen på eget personell og faglig "
             "kompetanse vil begrense eller påvirke AMS-utrullingen. Spesifiser gjerne i "
             "kommentarfeltet nederst på siden."),
            ("IKT-/informasjonssikkerhet",
             "Risikoen knyttet til om systemet blir sikkert nok både i forhold til misbruk av "
             "data og uønsket tilgang til styrefunksjoner, hacking etc."),
            ("Adkomst til måler",
             "Det fleste målepunkt er plassert innomhus og krever at huseier er tilstede eller "
             "på andre måter gir tilgang til måleren. Hvordan vurderer nettselskapene risikoen "
             "for at manglende tilgang til målepunkt gjør det vanskelig å nå tidsfristen om "
             "utrulling innen 2016."),
            ("Tilgang på installatører",
             "Risiko for manglende tilgang på autorisert personell for utbytting av målere."),
        ],
    },
    {
        "num": 13, "title": "Bruk av brytefunksjonen",
        "header": ["Kategori", "Antall\nselskap"],
        "rows": [
            ["Forventes ikke brukt", "9"],
            ["Ved manglende betaling", "102"],
            ["Ved opphør av kraftleveranse", "65"],
            ["Sesongfrakobling", "34"],
            ["Rasjonering", "48"],
            ["Annet", "5"],
        ],
        "widths": ["Ved manglende betaling", 26],
        "comments": [
            "Det er ikke forskriftsfestet bestemmelser for den operative bruken av "
            "brytefunksjonen",
        ],
    },
    {
        "num": 14, "title": "Nettnyttetiltak hos kunde",
        "header": ["Kategori", "Antall\nselskap"],
        "rows": [
            ["Avbruddsregistrering", "87"],
            ["Jordfeil", "85"],
            ["Spenningskvalitet", "90"],
            ["Annet", "10"],
        ],
        "widths": [50, 26],
        "comments": ["Disse tiltakene er ikke regulert i AMS-forskriften"],
    },
    {
        "num": 15, "title": "HAN-grensesnitt. PKI-kryptering",
        "header": ["Kategori", "Antall"],
        "rows": [
            ["HAN-port ettermonteres", "27"],
            ["HAN-port monteres ved installasjon", "84"],
            ["PKI - kryptering", "53"],
        ],
        "widths": ["HAN-port monteres ved", 26],
        "comments": [
            "HAN-porten (Home Area Network) er koblingspunktet i AMS-måler som kommuniserer "
            "med kunden",
            "PKI  (Public Key Infrastructure) er et autentiseringsverktøy. Dette er ikke "
            "eksplisitt forskriftsfestet, men vil være et av de tiltakene som nettselskapene "
            "bør vurdere for å oppfylle avregningsforskriften § 4-2 bokstav g).",
        ],
    },
]

# ---------------------------------------------------------------------------
# Layout styles
# ---------------------------------------------------------------------------

PT = 25.4 / 72  # one point in mm


@dataclass(frozen=True)
class Style:
    name: str
    font: str            # body / label font
    num_font: str        # font of value cells
    size: float          # body size (pt)
    title_size: float
    margin_l: float
    margin_r: float
    top: float
    bottom: float        # lowest y for content
    lead: float          # line height for body text (mm)
    cell_lead: float     # line height inside table cells (mm)
    row_pad: float       # vertical padding above and below a row (mm)
    cell_pad: float      # horizontal padding inside cells (mm)
    valign: str          # "bottom" or "top": values vs. a wrapped label
    rules: bool          # thin rule under header and every row
    flow: bool           # False: one section per page
    pagenum: str         # "center" or "right"
    table_indent: float  # x offset of tables from the left margin
    header_align: str    # alignment of value header cells

    @property
    def width(self) -> float:
        return 210 - self.margin_l - self.margin_r


TEXT_STYLE = Style(
    name="text", font="Helvetica", num_font="Helvetica", size=11, title_size=15,
    margin_l=20, margin_r=20, top=22, bottom=275, lead=5.6, cell_lead=4.7,
    row_pad=2.1, cell_pad=1.5, valign="bottom", rules=True, flow=False,
    pagenum="center", table_indent=0, header_align="R",
)

ALT_STYLE = Style(
    name="alt", font="Times", num_font="Courier", size=10, title_size=13,
    margin_l=25, margin_r=22, top=20, bottom=278, lead=4.8, cell_lead=4.3,
    row_pad=3.2, cell_pad=2.0, valign="top", rules=False, flow=True,
    pagenum="right", table_indent=8, header_align="C",
)


class Doc(FPDF):
    def __init__(self, style: Style):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.style = style
        self.image_pages: dict[int, bytes] = {}
        self.set_auto_page_break(False)
        self.set_margins(style.margin_l, style.top, style.margin_r)
        self.set_creation_date(CREATION_DATE)
        self.set_producer(PRODUCER)
        self.set_creator(PRODUCER)
        self.set_title("NVE - Status og planer for innføring av AMS, 1. halvår 2016 (sample)")
        self.set_author("Sample generated for ams-extract")
        self.set_compression(True)

    def footer(self):
        if self.page_no() in self.image_pages:
            return
        st = self.style
        self.set_font(st.font, "", st.size - 1)
        s = str(self.page_no())
        w = self.get_string_width(s)
        y = 297 - 12
        x = (210 - w) / 2 if st.pagenum == "center" else 210 - st.margin_r - w
        self.text(x, y, s)


# ---------------------------------------------------------------------------
# Rendering helpers
# ---------------------------------------------------------------------------


def wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    """Greedy word wrap; explicit newlines are kept as forced breaks."""
    out: list[str] = []
    for part in text.split("\n"):
        words = part.split()
        if not words:
            out.append("")
            continue
        line = words[0]
        for w in words[1:]:
            cand = line + " " + w
            if pdf.get_string_width(cand) <= width:
                line = cand
            else:
                out.append(line)
                line = w
        out.append(line)
    return out


class Renderer:
    def __init__(self, style: Style, image_pages: dict[int, bytes] | None = None):
        self.st = style
        self.pdf = Doc(style)
        self.pdf.image_pages = dict(image_pages or {})
        self.y = style.top

    # -- page handling -----------------------------------------------------
    def new_page(self):
        self.pdf.add_page()
        self.y = self.st.top
        n = self.pdf.page_no()
        if n in self.pdf.image_pages:
            self.pdf.image(io.BytesIO(self.pdf.image_pages[n]), x=0, y=0, w=210, h=297)

    def ensure(self, h: float):
        if self.y + h > self.st.bottom:
            self.new_page()

    def font(self, style: str = "", size: float | None = None, family: str | None = None):
        self.pdf.set_font(family or self.st.font, style, size or self.st.size)

    def baseline(self, top: float, size: float) -> float:
        return top + size * PT * 0.8

    # -- text blocks -------------------------------------------------------
    def title(self, text: str, size: float | None = None):
        size = size or self.st.title_size
        self.font("B", size)
        lh = size * PT * 1.4
        self.pdf.text(self.st.margin_l, self.baseline(self.y, size), text)
        self.y += lh + 3

    def paragraph(self, text: str, x: float | None = None, width: float | None = None,
                  style: str = "", gap: float | None = None, first_prefix: str = ""):
        st = self.st
        x = st.margin_l if x is None else x
        width = st.width - (x - st.margin_l) if width is None else width
        self.font(style)
        lines = wrap(self.pdf, text, width)
        for i, line in enumerate(lines):
            if self.st.flow:
                self.ensure(st.lead)
            if i == 0 and first_prefix:
                self.pdf.text(x - 5, self.baseline(self.y, st.size), first_prefix)
            self.pdf.text(x, self.baseline(self.y, st.size), line)
            self.y += st.lead
        self.y += st.lead * 0.6 if gap is None else gap

    def bullet(self, text: str, indent: float = 6):
        self.paragraph(text, x=self.st.margin_l + indent, first_prefix=B, gap=1.5)

    def comments(self, items):
        st = self.st
        self.y += 6
        if st.flow:
            self.ensure(st.lead * 3)
        self.font()
        self.pdf.text(st.margin_l, self.baseline(self.y, st.size), "Kommentar:")
        self.y += st.lead + 1.5
        for item in items:
            if isinstance(item, tuple):
                head, desc = item
                self.paragraph(head, x=st.margin_l + 6, first_prefix=B, gap=0.5)
                self.paragraph(desc, x=st.margin_l + 6, gap=2.5)
            else:
                self.bullet(item)

    # -- tables --------------------------------------------------------------
    def col_widths(self, sec) -> list[float]:
        st = self.st
        self.font()
        ws = []
        for w in sec["widths"]:
            if isinstance(w, str):
                w = self.pdf.get_string_width(w) + 2 * TEXT_STYLE.cell_pad + 1.0
            ws.append(float(w))
        if st.name == "alt":
            # wider label column; value columns sized to their content, so the
            # values sit at other x positions than in the text sample
            values = []
            for c in range(1, len(ws)):
                need = 12.0
                for row in sec["rows"]:
                    self.font(family=st.num_font)
                    need = max(need, self.pdf.get_string_width(row[c]) + 2 * st.cell_pad + 4)
                for cell in sec["header"]:
                    if isinstance(cell, str) and sec["header"].index(cell) == c:
                        self.font("B")
                        longest = max(cell.replace("\n", " ").split() or [""],
                                      key=self.pdf.get_string_width)
                        need = max(need, self.pdf.get_string_width(longest) + 2 * st.cell_pad)
                values.append(need)
            label = min(ws[0] + 22, st.width - st.table_indent - sum(values))
            ws = [label, *values]
        return ws

    def layout_row(self, cells, widths, header=False):
        """Return (n_lines, [(x, w, lines, align, is_value, indent)])."""
        st = self.st
        x = st.margin_l + st.table_indent
        placed = []
        col = 0
        for i, cell in enumerate(cells):
            span = 1
            if isinstance(cell, tuple):
                cell, span = cell
            w = sum(widths[col:col + span])
            indent = 0.0
            is_value = i > 0
            if header:
                self.font("B")
            elif is_value:
                self.font(family=st.num_font)
            else:
                self.font()
                if cell.startswith("- "):
                    indent = 5.0
            inner = w - 2 * st.cell_pad - indent
            lines = wrap(self.pdf, cell, inner)
            align = "L" if i == 0 else (st.header_align if header else "R")
            placed.append((x, w, lines, align, is_value, indent))
            x += w
            col += span
        n = max(len(p[2]) for p in placed)
        return n, placed

    def row_height(self, n: int) -> float:
        return n * self.st.cell_lead + 2 * self.st.row_pad

    def draw_row(self, n, placed, header=False):
        st = self.st
        top = self.y
        for x, w, lines, align, is_value, indent in placed:
            if header:
                self.font("B")
                # header cells: bottom-aligned in the text sample, top in alt
                start = n - len(lines) if st.valign == "bottom" else 0
            elif is_value:
                self.font(family=st.num_font)
                start = n - len(lines) if st.valign == "bottom" else 0
            else:
                self.font()
                start = 0
            for k, line in enumerate(lines):
                ly = top + st.row_pad + (start + k) * st.cell_lead
                tw = self.pdf.get_string_width(line)
                if align == "L":
                    tx = x + st.cell_pad + indent
                elif align == "R":
                    tx = x + w - st.cell_pad - tw
                else:
                    tx = x + (w - tw) / 2
                self.pdf.text(tx, self.baseline(ly, st.size), line)
        self.y = top + self.row_height(n)
        if st.rules:
            x0 = st.margin_l + st.table_indent
            tw = sum(p[1] for p in placed)
            self.pdf.set_line_width(0.3 * PT)
            self.pdf.line(x0, self.y, x0 + tw, self.y)

    def table_height(self, sec) -> float:
        widths = self.col_widths(sec)
        h = self.row_height(self.layout_row(sec["header"], widths, header=True)[0])
        for row in sec["rows"]:
            h += self.row_height(self.layout_row(row, widths)[0])
        return h

    def table(self, sec):
        widths = self.col_widths(sec)
        n, placed = self.layout_row(sec["header"], widths, header=True)
        self.draw_row(n, placed, header=True)
        for row in sec["rows"]:
            n, placed = self.layout_row(row, widths)
            self.draw_row(n, placed)

    # -- charts --------------------------------------------------------------
    def chart_height(self) -> float:
        return 95.0 if self.st.name == "text" else 70.0

    def chart(self, spec):
        st = self.st
        pdf = self.pdf
        h_plot = self.chart_height() - 22
        x0 = st.margin_l + 12
        width = min(140.0, st.width - 24)
        top = self.y + 4
        base = top + h_plot
        pdf.set_line_width(0.4 * PT)
        pdf.set_draw_color(0)
        pdf.line(x0, top, x0, base)            # y axis, no tick labels
        pdf.line(x0, base, x0 + width, base)   # x axis
        n = len(spec["labels"])
        slot = width / n
        bar_w = slot * 0.45
        grays = [90, 150, 200, 235]
        for i, (label, stack) in enumerate(zip(spec["labels"], spec["stacks"], strict=True)):
            bx = x0 + slot * i + (slot - bar_w) / 2
            y = base
            for k, frac in enumerate(stack):
                h = frac * (h_plot - 4)
                pdf.set_fill_color(grays[k % len(grays)])
                pdf.rect(bx, y - h, bar_w, h, style="DF")
                y -= h
            self.font(size=st.size - 1)
            for j, line in enumerate(wrap(pdf, label, slot - 4)):
                tw = pdf.get_string_width(line)
                ly = base + 2.5 + j * st.cell_lead
                pdf.text(x0 + slot * i + (slot - tw) / 2, self.baseline(ly, st.size - 1), line)
        pdf.set_fill_color(255)
        self.y += self.chart_height()

    # -- document ------------------------------------------------------------
    def forord(self):
        st = self.st
        self.title(FORORD["title"], st.title_size + 3)
        for p in FORORD["paragraphs"]:
            self.paragraph(p)
        self.y += st.lead
        self.font()
        for line in FORORD["signature_left"]:
            self.ensure(st.lead)
            self.pdf.text(st.margin_l, self.baseline(self.y, st.size), line)
            self.y += st.lead
        for line in FORORD["signature_right"]:
            self.pdf.text(st.margin_l + 95, self.baseline(self.y + st.lead, st.size), line)
            self.y += st.lead * 2

    def sammendrag(self):
        st = self.st
        self.title(SAMMENDRAG["title"], st.title_size + 3)
        for p in SAMMENDRAG["paragraphs"]:
            self.paragraph(p)
        self.y += 3
        if st.flow:
            self.ensure(40)
        self.title(SAMMENDRAG["subheading"], st.size + 2)
        for head, bullets in SAMMENDRAG["groups"]:
            self.paragraph(head, style="B", gap=1.5)
            for b in bullets:
                self.bullet(b)
            self.y += 2

    def section(self, sec):
        st = self.st
        head = f"{sec['num']} {sec['title']}"
        block = self.chart_height() if "chart" in sec else self.table_height(sec)
        if st.flow:
            self.ensure(st.title_size * PT * 1.4 + 3 + block + 4)
        self.title(head)
        self.y += 2
        if "chart" in sec:
            self.chart(sec["chart"])
        else:
            self.table(sec)
        self.comments(sec["comments"])
        self.y += 8

    def _scanned(self) -> bool:
        return self.pdf.page_no() in self.pdf.image_pages

    def build(self) -> bytes:
        self.new_page()
        if not self._scanned():
            self.forord()
        if not self.st.flow:
            self.new_page()
        else:
            self.y += 10
        if not self._scanned():
            self.sammendrag()
        for sec in SECTIONS:
            if not self.st.flow:
                self.new_page()
            else:
                self.y += 4
            if not self._scanned():
                self.section(sec)
        return bytes(self.pdf.output())


# ---------------------------------------------------------------------------
# Rasterising ("scanning")
# ---------------------------------------------------------------------------

DPI = 200


def render_pages(pdf_bytes: bytes, pages: list[int] | None = None) -> list[Image.Image]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf_bytes)
    out = []
    try:
        idx = range(len(doc)) if pages is None else [p - 1 for p in pages]
        for i in idx:
            page = doc[i]
            bmp = page.render(scale=DPI / 72, grayscale=True)
            img = bmp.to_pil().convert("L")
            out.append(img.copy())
            page.close()
    finally:
        doc.close()
    return out


def to_jpeg(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=quality, optimize=True, dpi=(DPI, DPI))
    return buf.getvalue()


def add_noise(img: Image.Image, rng: np.random.Generator, sigma: float) -> Image.Image:
    a = np.asarray(img, dtype=np.float32)
    a = a + rng.normal(0.0, sigma, a.shape).astype(np.float32)
    return Image.fromarray(np.clip(np.rint(a), 0, 255).astype(np.uint8), mode="L")


def scan_light(img: Image.Image, rng: np.random.Generator) -> bytes:
    return to_jpeg(add_noise(img, rng, 3.0), 75)


def scan_heavy(img: Image.Image, angle: float, rng: np.random.Generator) -> bytes:
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(radius=0.6))
    img = add_noise(img, rng, 8.0)
    return to_jpeg(img, 70)


def image_pdf(n_pages: int, images: dict[int, bytes], style: Style) -> bytes:
    """A PDF whose listed pages are full-page images; other pages come from style."""
    r = Renderer(style, images)
    if len(images) == n_pages:
        for _ in range(n_pages):
            r.new_page()
        return bytes(r.pdf.output())
    return r.build()


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

NAMES = ("text", "mixed", "scanned", "alt")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(HERE / "pdf"), help="output directory")
    ap.add_argument("--only", choices=NAMES, help="write only this sample")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    want = [args.only] if args.only else list(NAMES)

    text_pdf = Renderer(TEXT_STYLE).build()
    n_pages = _page_count(text_pdf)
    results: dict[str, bytes] = {}
    if "text" in want:
        results["text"] = text_pdf
    if "mixed" in want:
        rng = np.random.default_rng(SEED)
        imgs = render_pages(text_pdf, [1, 2])
        pages = {i + 1: scan_light(img, rng) for i, img in enumerate(imgs)}
        results["mixed"] = image_pdf(n_pages, pages, TEXT_STYLE)
    if "scanned" in want:
        rnd = random.Random(SEED)
        rng = np.random.default_rng(SEED + 1)
        pages = {}
        for i, img in enumerate(render_pages(text_pdf)):
            angle = 0.0
            while abs(angle) < 0.15:  # visibly skewed, different per page
                angle = round(rnd.uniform(-0.9, 0.9), 3)
            pages[i + 1] = scan_heavy(img, angle, rng)
        results["scanned"] = image_pdf(n_pages, pages, TEXT_STYLE)
    if "alt" in want:
        results["alt"] = Renderer(ALT_STYLE).build()

    for name in want:
        path = out / f"{BASENAME}-{name}.pdf"
        path.write_bytes(results[name])
        print(f"{path}  {len(results[name]):>9} bytes  {_page_count(results[name])} pages")
    return 0


def _page_count(pdf_bytes: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf_bytes)
    try:
        return len(doc)
    finally:
        doc.close()


if __name__ == "__main__":
    sys.exit(main())
