"""What the commands share: the options on how to read inputs (typed once, as
`InputOptions`), the summary they print, their exit codes and the error handling.

Errors are one plain line on stderr with the contract's exit code; `-v`
adds the traceback. Exit codes: 0 done and every check passed, 1 a check
failed, a golden comparison differs, or (with --strict) there was a
warning, 2 usage error, 3 unreadable input, 4 an output could not be written,
130 interrupted.

Every output path is checked before any work (outputs.files.check_output_folder,
check_output_file: its kind, and that its folder can be written), and
results are written only at the end, all at once: an interrupt before then
leaves nothing written, and from then on it is ignored, so the run finishes.
An I/O failure while writing is one line and exit 4 (runtime.output_paths.writing).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import signal
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import click

from ..errors import (
    EXIT_CHECK_FAILED,
    EXIT_OK,
    EXIT_UNREADABLE,
    EXIT_USAGE,
    ExtractError,
    UsageError,
)
from ..model.reading import OcrMode
from ..model.results import GATE_FLAGS
from ..model.spec import ReportSpec
from ..readers.cache import OncePerRun
from ..readers.ocr import OcrSettings
from ..readers.pdf import ReadOptions
from ..report import Report
from ..runtime.file_safety import staged_file
from ..runtime.interrupts import Interrupted, Terminated, install_handlers, interrupted, terminated
from ..runtime.limits import TEXT_MEMORY_FACTOR, Limits, memory_limit
from ..runtime.output_paths import writing
from ..spec import SPEC_ENV, SpecError, load_spec
from ..spec.locale import OCR_LANGUAGE

EXIT_BROKEN_PIPE = 141  # as a shell reports a program ended by SIGPIPE


def load_user_spec(paths: Sequence[Path]) -> ReportSpec:
    """The built-in spec extended by the user's files; a bad one is a usage error."""
    try:
        return load_spec(*paths)
    except SpecError as error:
        raise UsageError(f"spec: {error}") from None


@dataclass(frozen=True)
class InputOptions:
    """How a command reads its inputs, typed once from the flags of `read_options`: the
    readers' options, and the user's spec files (loaded by `spec()`, when the command
    has checked its output paths)."""

    read: ReadOptions
    spec_paths: tuple[Path, ...] = ()

    def spec(self) -> ReportSpec:
        return load_user_spec(self.spec_paths)


def input_options(spec_paths: tuple[Path, ...], ocr: str, no_cache: bool,
                  workers: int | None, ocr_timeout: float, password: str | None,
                  max_file_mb: float, max_pages: int, max_megapixels: float,
                  max_seconds: float, max_memory_mb: int,
                  ocr_lang: str | None = None,
                  second_dpi: int = ReadOptions.second_dpi) -> InputOptions:
    """The flags of `read_options`, as click parsed them, into their dataclasses."""
    limits = Limits(max_file_mb=max_file_mb, max_pages=max_pages,
                    max_megapixels=max_megapixels, max_seconds=max_seconds,
                    max_memory_mb=max_memory_mb)
    read = ReadOptions(ocr=OcrMode(ocr), use_cache=not no_cache, workers=workers,
                       progress=sys.stderr.isatty(), settings=OcrSettings(timeout=ocr_timeout),
                       password=password, limits=limits, ocr_language=ocr_lang,
                       second_dpi=second_dpi)
    return InputOptions(read, tuple(spec_paths))


_READ_FLAGS = ("spec_paths", "ocr", "no_cache", "workers", "ocr_timeout", "password",
               "max_file_mb", "max_pages", "max_megapixels", "max_seconds", "max_memory_mb",
               "ocr_lang", "second_dpi")


def _ocr_language(context: click.Context, parameter: click.Parameter,
                  value: str | None) -> str | None:
    if value is not None and not OCR_LANGUAGE.fullmatch(value):
        raise click.BadParameter(f"{value!r} is not Tesseract's languages: codes of three "
                                 "letters or more joined by '+' (nor, nor+eng)")
    return value


def read_options(function: Callable) -> Callable:
    """The options on how to read inputs, shared by every command that extracts: the
    command gets them as one `reading: InputOptions`."""
    return _read_options(function, omit=())


def layout_read_options(function: Callable) -> Callable:
    """`read_options` for a command that reads no spec and finds tables by layout alone
    (`tables`): no --spec, no --second-dpi (the spec's tables decide a second reading)."""
    return _read_options(function, omit=("spec_paths", "second_dpi"))


def _read_options(function: Callable, omit: tuple[str, ...]) -> Callable:
    options = {
        "spec_paths": click.option(
            "--spec", "spec_paths", multiple=True,
            type=click.Path(path_type=Path, dir_okay=False), envvar=SPEC_ENV,
            help="A spec file that extends the built-in one (more aliases, tables, "
            f"checks); may be repeated. Default: ${SPEC_ENV}."),
        "ocr": click.option(
            "--ocr", type=click.Choice([mode.value for mode in OcrMode]),
            default=OcrMode.AUTO.value, show_default=True,
            help="auto: OCR only pages without a usable text layer; always; never."),
        "ocr_lang": click.option(
            "--ocr-lang", callback=_ocr_language, metavar="LANGS",
            help="Tesseract's languages for OCR, joined by '+' (nor+eng). "
            "Default: the spec's [locale] ocr_language (nor)."),
        "no_cache": click.option(
            "--no-cache", is_flag=True,
            help="Do not read or write the cache (~/.cache/ams-extract: OCR'd "
            "pages, unpacked dictionaries)."),
        "workers": click.option(
            "--workers", type=click.IntRange(min=1),
            help="Processes for OCR (default: one per core)."),
        "ocr_timeout": click.option(
            "--ocr-timeout", type=click.FloatRange(min=0, min_open=True),
            default=OcrSettings.timeout, show_default=True,
            help="Seconds of OCR per page; a page that takes longer stops the run."),
        "second_dpi": click.option(
            "--second-dpi", type=click.IntRange(min=0),
            default=ReadOptions.second_dpi, show_default=True,
            help="Scanned pages whose tables do not come out whole (a row unknown, "
            "a check failed, no values) are OCR'd again at this resolution "
            "and keep the reading whose tables come out more whole; 0: never."),
        "password": click.option(
            "--password", help="Password of an encrypted PDF."),
        "max_file_mb": click.option(
            "--max-file-mb", type=click.FloatRange(min=0, min_open=True),
            default=Limits.max_file_mb, show_default=True, help="Largest input."),
        "max_pages": click.option(
            "--max-pages", type=click.IntRange(min=1), default=Limits.max_pages,
            show_default=True, help="Most pages a PDF may have."),
        "max_megapixels": click.option(
            "--max-megapixels", type=click.FloatRange(min=1),
            default=Limits.max_megapixels, show_default=True,
            help="Largest rendered page; bigger pages are OCR'd at a lower dpi, "
            "or refused below 100 dpi."),
        "max_seconds": click.option(
            "--max-seconds", type=click.FloatRange(min=0, min_open=True),
            default=Limits.max_seconds, show_default=True,
            help="Wall time for one input: reading, OCR and parsing."),
        "max_memory_mb": click.option(
            "--max-memory-mb", type=click.IntRange(min=256),
            default=Limits.max_memory_mb, show_default=True,
            help="Memory each process of the run may add (the main one over the "
            "whole command); a text edition may be 1/"
            f"{TEXT_MEMORY_FACTOR} of it in size."),
    }
    kept = [option for name, option in options.items() if name not in omit]

    @functools.wraps(function)
    def command(*args: object, **kwargs: object) -> object:
        flags = {"spec_paths": (), **{name: kwargs.pop(name) for name in _READ_FLAGS
                                      if name in kwargs}}
        reading = input_options(**flags)
        # The whole command, outputs included: a table of 240 000 one-number rows takes
        # more memory to write than to read.
        with memory_limit(reading.read.limits.max_memory_mb, "this run"):
            return function(*args, reading=reading, **kwargs)

    for option in reversed(kept):
        command = option(command)
    return command


def strict_option(function: Callable) -> Callable:
    return click.option(
        "--strict", is_flag=True,
        help="Exit 1 on any warning: unknown or missing sections, unmatched labels, skipped "
             "checks, a guessed edition, ...")(function)


def verbose_option(function: Callable) -> Callable:
    return click.option("-v", "--verbose", is_flag=True,
                        help="Print a traceback on errors.")(function)


def _edition(context: click.Context, parameter: click.Parameter, value: str | None) -> str | None:
    from ..semantics.edition import parse_edition_id

    if value is not None and parse_edition_id(value) is None:
        raise click.BadParameter(f"{value!r} is not a period: give it as 2017-06, 2017-Q2, "
                                 "2017-H1 or 2017-06-30")
    return value


def edition_option(function: Callable) -> Callable:
    return click.option(
        "--edition", callback=_edition,
        help="The edition, instead of the period the report states: 2017-06 (the month of "
             "its status date), or 2017-Q2, 2017-H1, 2017-06-30.")(function)


def corrections_option(function: Callable) -> Callable:
    """`--corrections FILE`, repeatable: the command gets `corrections`, the files given or
    None (each input's own file beside it, if there is one)."""
    @functools.wraps(function)
    def command(*args: object, corrections: tuple[Path, ...], **kwargs: object) -> object:
        return function(*args, corrections=list(corrections) or None, **kwargs)

    return click.option(
        "--corrections", multiple=True, type=click.Path(path_type=Path),
        help="A reviewer's corrections file (edition,table,row,column,value,reviewer,reason; "
             "docs/contract.md); may be repeated. Default: the input's own, beside it: "
             "report.corrections.csv for report.pdf.")(command)


def _gate_flags(context: click.Context, parameter: click.Parameter,
                value: str | None) -> tuple[str, ...]:
    flags = tuple(dict.fromkeys(f.strip() for f in (value or "").split(",") if f.strip()))
    unknown = [flag for flag in flags if flag not in GATE_FLAGS]
    if unknown:
        raise click.BadParameter(f"{unknown[0]!r} is not a flag; give some of "
                                 f"{', '.join(GATE_FLAGS)}, joined by ','")
    return flags


def fail_on_option(function: Callable) -> Callable:
    """`--fail-on FLAG[,FLAG]`: the command gets `fail_on`, the flag names (maybe none)."""
    return click.option(
        "--fail-on", "fail_on", callback=_gate_flags, metavar="FLAG[,FLAG]",
        help="Exit 1 when a value no reviewer corrected or confirmed carries one of these "
             "flags (check_failed, low_confidence, missing: a value a table lacks, ...); "
             "`load` then loads nothing.")(function)


def gate_failures(reports: Sequence[Report], flags: Sequence[str]) -> list[str]:
    """One line per report with values that `--fail-on` names and no reviewer decided."""
    lines = []
    for report in reports:
        counts = report.unreviewed(flags)
        if counts:
            lines.append(f"--fail-on: {report.edition_id} ({report.source.name}): "
                         + ", ".join(f"{n} {flag}" for flag, n in counts.items())
                         + " not reviewed")
    return lines


def check_corrections(inputs: Sequence[Path], corrections: Sequence[Path] | None) -> None:
    """Before any work: the corrections files each input will read are corrections files
    (a usage error otherwise, exit 2)."""
    from ..corrections import corrections_for

    for input_path in inputs if corrections is None else inputs[:1]:
        corrections_for(input_path, corrections)


def extract_one(input_path: Path, edition: str | None, reading: InputOptions,
                corrections: Sequence[Path] | None = None) -> Report:
    from ..pipeline import extract

    return extract(input_path, spec=reading.spec(), edition=edition, options=reading.read,
                   corrections=corrections)


@contextlib.contextmanager
def staged(path: Path | None, data: bytes | None) -> Iterator[None]:
    """`data` written beside `path` and renamed in when the block ends well (see
    file_safety.staged_file); nothing to do when there is no such file."""
    if path is None or data is None:
        yield
        return
    with writing(path), staged_file(path, data):
        yield


def exit_code(reports: Sequence[Report], strict: bool, fail_on: Sequence[str] = ()) -> int:
    if any(report.failed_checks for report in reports):
        return EXIT_CHECK_FAILED
    if strict and any(report.warnings for report in reports):
        return EXIT_CHECK_FAILED
    if gate_failures(reports, fail_on):
        return EXIT_CHECK_FAILED
    return EXIT_OK


def print_warnings(report: Report, *, indent: str = "  ", err: bool = False) -> None:
    for warning in report.warnings:
        where = f" (line {warning.line})" if warning.line else ""
        click.echo(f"{indent}{warning.code}{where}: {warning.message}", err=err)


def print_summary(report: Report, written: Path | None = None, *, strict: bool = False,
                  err: bool = False) -> None:
    """The summary after an extraction; on stderr when stdout carries the data."""
    def echo(text: str) -> None:
        click.echo(text, err=err)

    s = report.summary()
    charts = sum(t.status == "chart_without_values" for t in report.extracted)
    missing = [t.id for t in report.extracted if t.status == "missing"]
    edition = report.edition
    echo(f"{report.source.name} ({report.source.kind}, edition {report.edition_id}"
         + (", guessed" if edition.guessed else "") + ")")
    if report.document.pages:
        methods = [page.method for page in report.document.pages]
        counts = ", ".join(f"{methods.count(m)} {m}" for m in dict.fromkeys(methods))
        cached = sum(page.cached for page in report.document.pages)
        junk = sum(page.text_layer is not None and (
            page.text_layer.outcome == "junk" or (page.text_layer.strip is not None
                                                  and page.text_layer.strip.said == "junk"))
            for page in report.document.pages)
        echo(f"pages     {len(methods)}: {counts}"
             + (f" ({cached} from the OCR cache)" if cached else "")
             + (f"; {junk} with a junk text layer (report.json: text_layer)" if junk else ""))
    echo(f"tables    {s['tables_found']} of {s['tables_expected']} found"
         + (f", {charts} a chart without values" if charts else "")
         + (f"; missing: {', '.join(missing)}" if missing else ""))
    echo(f"values    {s['values']} ({s['flagged_values']} flagged)")
    echo(f"checks    {s['checks_passed']} passed, {s['checks_failed']} failed, "
         f"{s['checks_skipped']} skipped")
    for check in report.failed_checks:
        echo(f"  failed  {check.rule}: {check.detail}")
    echo(f"warnings  {s['warnings']}" + (" (--strict: exit 1)" if strict and s["warnings"]
                                         else ""))
    print_warnings(report, err=err)
    if written is not None:
        echo(f"wrote     {written}")


def run(group: click.Group, argv: list[str] | None = None) -> None:
    """Run the command line, turning every error into one line and its exit code."""
    args = sys.argv[1:] if argv is None else argv
    verbose = "-v" in args or "--verbose" in args
    install_handlers()
    _print_warnings_of_readers()
    try:
        group.main(args=args, prog_name="ams-extract", standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.UsageError as error:
        _fail(f"usage error: {error.format_message()} (see --help)", EXIT_USAGE, verbose)
    except (click.Abort, KeyboardInterrupt, Interrupted):
        interrupted()
    except Terminated:
        terminated()
    except BrokenPipeError:  # `extract -o - | head`: the reader has all it wants
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_BROKEN_PIPE)
    except ExtractError as error:
        _fail(f"error: {error}", error.exit_code, verbose)
    except MemoryError:  # outside an input's own limit (runtime/limits.py): still one line
        _fail("error: out of memory", EXIT_UNREADABLE, verbose)
    except Exception as error:  # one line, never a traceback, for anything unforeseen
        _fail(f"internal error: {type(error).__name__}: {error}", EXIT_UNREADABLE, verbose)
    sys.exit(EXIT_OK)


def _print_warnings_of_readers() -> None:
    """What the readers warn of on their own (an OCR cache that cannot be used): one line
    each on stderr, in the shape of every other message, and each once: a scanned page
    read a second time (pipeline.py) meets the same cache again."""
    logger = logging.getLogger("ams_extract")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("ams-extract: warning: %(message)s"))
        handler.addFilter(OncePerRun())
        logger.addHandler(handler)
        logger.propagate = False


def _fail(message: str, code: int, verbose: bool) -> None:
    # The run's outcome is decided: a signal from now on would end the process by the
    # signal after the line is printed (an exit of -15, not 3). It waits, and dies with us.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    if verbose:
        traceback.print_exc()
    click.echo(f"ams-extract: {message}".replace("\n", " "), err=True)
    sys.exit(code)
