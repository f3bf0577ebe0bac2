# Patient information pipeline. `make help` lists the targets.
# Outputs are real file targets: each depends on its source and on the code and templates
# that make it, so editing templates/leaflet.css rebuilds the PDFs and nothing else.

SHELL := /bin/bash
.DEFAULT_GOAL := all
.DELETE_ON_ERROR:

VENV     := .venv
PY       := $(VENV)/bin/python
PIPELINE := $(PY) -m pipeline
INSTALLED := $(VENV)/.installed
SYSDEPS  := $(VENV)/.system-deps
NODEDEPS := node_modules/.installed
OUT      := output

SOURCES  := $(sort $(wildcard source/*.md))
SLUGS    := $(basename $(notdir $(SOURCES)))
# A format is built once its writer exists.
FORMATS  := $(foreach f,html pdf epub audio pages,$(if $(wildcard pipeline/writers/$(f).py),$(f)))

# Code every output is made with: the reader, the model and the stamp.
CORE     := $(filter-out pipeline/cli.py pipeline/__main__.py,$(wildcard pipeline/*.py)) $(wildcard pipeline/locales/*.yaml) pipeline/writers/__init__.py
MARKUP   := templates/_blocks.html.j2 pipeline/templating.py
HTML_DEPS  := $(CORE) $(MARKUP) pipeline/writers/html.py $(wildcard templates/large-print.*)
PDF_DEPS   := $(CORE) $(MARKUP) pipeline/writers/pdf.py $(wildcard templates/leaflet.*)
EPUB_DEPS  := $(CORE) $(MARKUP) pipeline/writers/epub.py $(wildcard templates/epub/*)
AUDIO_DEPS := $(CORE) pipeline/writers/audio.py $(wildcard pipeline/tts/*.py)
PAGES_DEPS := $(CORE) $(MARKUP) pipeline/writers/pages.py $(wildcard templates/page.*) $(wildcard templates/large-print.css)

# Debian packages the build and the tests use (commands checked, packages installed when missing).
DEB_PACKAGES := chromium poppler-utils ffmpeg sox flite festival festvox-us-slt-hts espeak-ng \
                default-jre-headless nodejs npm libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core pandoc time calibre
DEB_FILES    := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
DEB_COMMANDS := chromium pdftoppm pdffonts pdftotext ffmpeg ffprobe sox flite text2wave espeak-ng java node npm pandoc ebook-convert

outputs_html  = $(OUT)/$(1)/$(1)-large-print.html
outputs_pdf   = $(OUT)/$(1)/$(1)-a4.pdf $(OUT)/$(1)/$(1)-letter.pdf $(OUT)/$(1)/$(1)-large-print.pdf $(OUT)/$(1)/$(1)-a4-print.pdf
outputs_epub  = $(OUT)/$(1)/$(1).epub
outputs_audio = $(OUT)/$(1)/$(1).mp3 $(OUT)/$(1)/$(1).vtt
outputs_pages = $(OUT)/$(1)/index.html
outputs = $(foreach f,$(FORMATS),$(call outputs_$(f),$(1)))

##@ Everyday
.PHONY: all
all: $(foreach s,$(SLUGS),$(call outputs,$(s))) $(if $(filter pages,$(FORMATS)),$(OUT)/index.html) ## Build every source into output/ (default; sets up on first run)
	@echo "make: every output is up to date ($(words $(SLUGS)) summaries, formats: $(FORMATS))"

# One rule set per summary; grouped targets (&:) because one command writes several files.
# The large-print page links to the PDF, EPUB and audio beside it, so it is made after them.
define summary_rules
# The page links to the other versions: made after them (order-only), but their bytes do not change it.
$(call outputs_html,$(1)) &: source/$(1).md $(HTML_DEPS) | $(foreach f,$(filter-out html pages,$(FORMATS)),$(call outputs_$(f),$(1))) $(INSTALLED) $(SYSDEPS)
	$(PIPELINE) build $$< --formats html --out $(OUT) --quiet
$(call outputs_pdf,$(1)) &: source/$(1).md $(PDF_DEPS) | $(INSTALLED) $(SYSDEPS)
	$(PIPELINE) build $$< --formats pdf --print-marks --out $(OUT) --quiet
$(call outputs_epub,$(1)) &: source/$(1).md $(EPUB_DEPS) | $(INSTALLED) $(SYSDEPS)
	$(PIPELINE) build $$< --formats epub --out $(OUT) --quiet
$(call outputs_audio,$(1)) &: source/$(1).md $(AUDIO_DEPS) | $(INSTALLED) $(SYSDEPS)
	$(PIPELINE) build $$< --formats audio --out $(OUT) --quiet
$(call outputs_pages,$(1)) &: source/$(1).md $(PAGES_DEPS) $(foreach f,$(filter-out pages,$(FORMATS)),$(call outputs_$(f),$(1))) | $(INSTALLED)
	$(PIPELINE) build $$< --formats pages --out $(OUT) --quiet
endef
$(foreach s,$(SLUGS),$(eval $(call summary_rules,$(s))))

$(OUT)/index.html: $(SOURCES) $(PAGES_DEPS) | $(INSTALLED)
	$(PIPELINE) catalogue --out $(OUT)

.PHONY: lint
lint: | $(INSTALLED) ## Check every source (errors and warnings, with file:line)
	$(PIPELINE) lint --strict

.PHONY: check
check: | $(INSTALLED) $(SYSDEPS) $(NODEDEPS) ## Check the sources, then that every built output is current, stamped and valid (builds nothing)
	$(PIPELINE) lint --strict
	$(PIPELINE) check --print-marks

.PHONY: preview
preview: | $(INSTALLED) $(SYSDEPS) ## Serve output/ on http://127.0.0.1:8000 and rebuild on save
	$(PIPELINE) preview

.PHONY: test
test: | $(INSTALLED) $(SYSDEPS) $(NODEDEPS) ## Lint and type-check the code, then run the whole test suite
	$(VENV)/bin/ruff check pipeline tests $(wildcard bench)
	$(VENV)/bin/ruff format --check pipeline tests $(wildcard bench)
	$(VENV)/bin/mypy pipeline
	$(VENV)/bin/pytest

.PHONY: bench
bench: | $(INSTALLED) $(SYSDEPS) ## Measure speed and memory (prints a table; not a test)
	$(PY) bench/run.py

.PHONY: clean
clean: ## Remove every generated file (keeps the virtual environment)
	find $(OUT) -mindepth 1 ! -name .gitkeep -delete

.PHONY: distclean
distclean: clean ## Also remove the virtual environment and node tools
	rm -rf $(VENV) node_modules

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

##@ Set-up (stamp files mark the expensive steps)
$(INSTALLED): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

$(SYSDEPS):
	@missing=""; for c in $(DEB_COMMANDS); do command -v $$c >/dev/null || missing="$$missing $$c"; done; \
	for f in $(DEB_FILES); do test -f $$f || missing="$$missing $$f"; done; \
	if [ -n "$$missing" ]; then \
	  echo "missing commands:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DEB_PACKAGES); \
	  else \
	    echo "run as root:  apt-get install -y --no-install-recommends $(DEB_PACKAGES)"; exit 1; \
	  fi; \
	fi
	@mkdir -p $(VENV) && touch $@

$(NODEDEPS): package.json | $(SYSDEPS)
	ELECTRON_SKIP_BINARY_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error
	@mkdir -p node_modules && touch $@
