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
NODEDEPS := node_modules/.installed
OUT      := output

SOURCES  := $(sort $(wildcard source/*.md))
# make splits names at spaces: a summary whose file name is not a slug is named here, before anything runs
BAD_NAMES := $(shell find source -maxdepth 1 -name '*.md' 2>/dev/null | LC_ALL=C grep -Ev '^source/[a-z0-9]+(-[a-z0-9]+)*\.md$$' | sed 's/.*/"&"/' | tr '\n' ' ')
ifneq ($(strip $(BAD_NAMES)),)
ifeq ($(filter help clean,$(MAKECMDGOALS)),)
$(error $(strip $(BAD_NAMES)): a summary's file name must be a slug, lowercase letters, digits and hyphens (source/poems-syndrome.md): rename it)
endif
endif
SLUGS    := $(basename $(notdir $(SOURCES)))
# A format is built once its writer exists.
FORMATS  := $(foreach f,html pdf epub audio read-aloud braille pages,$(if $(wildcard pipeline/writers/$(subst -,_,$(f)).py pipeline/writers/$(subst -,_,$(f))/__init__.py),$(f)))

# Code every output is made with: the reader, the model and the stamp.
BRAILLE_ONLY := $(wildcard pipeline/braille/*.py)
CORE     := $(filter-out pipeline/__main__.py,$(wildcard pipeline/*.py pipeline/reading/*.py pipeline/editorial/*.py pipeline/rendering/*.py)) $(wildcard pipeline/locales/*.yaml pipeline/locales/*.po) pipeline/writers/__init__.py
# The publisher's branding (and the images beside the sources) is in every output.
CORE     += $(wildcard source/publisher.yaml source/*.svg source/*.png source/*.jpg source/*.jpeg source/*.gif)
MARKUP   := templates/_blocks.html.j2 pipeline/rendering/templating.py
HTML_DEPS  := $(CORE) $(MARKUP) pipeline/writers/html.py $(wildcard templates/large-print.*)
PDF_DEPS   := $(CORE) $(MARKUP) $(wildcard pipeline/writers/pdf/*.py) $(wildcard templates/leaflet.*)
EPUB_DEPS  := $(CORE) $(MARKUP) pipeline/writers/epub.py $(wildcard templates/epub/*)
AUDIO_DEPS := $(CORE) pipeline/writers/audio.py $(wildcard pipeline/tts/*.py)
READ_ALOUD_DEPS := $(AUDIO_DEPS) $(EPUB_DEPS) pipeline/writers/read_aloud.py
BRAILLE_DEPS := $(CORE) pipeline/writers/braille.py $(BRAILLE_ONLY)
PAGES_DEPS := $(CORE) $(MARKUP) pipeline/writers/pages.py $(wildcard templates/page.*) $(wildcard templates/large-print.css)

# Debian packages: tools/debian-packages.tsv maps each command the build or the checks run to
# its package; only what is missing is asked of apt (Node.js and npm never, when they work).
SYSDEPS      := bash tools/sysdeps.sh
DEB_PACKAGES := $(shell bash tools/sysdeps.sh list)
BUILD_READY  := $(VENV)/.system-deps-build
CHECK_READY  := $(VENV)/.system-deps-check
TEST_INSTALLED := $(VENV)/.installed-test

# Each summary's family of translations (translation_of), rewritten only when it changes: adding
# or renaming a translation rebuilds the pages and ebooks that link to it, and nothing else.
FAMILIES := $(OUT)/.build/translations
family    = $(FAMILIES)/$(1).txt

outputs_html  = $(OUT)/$(1)/$(1)-large-print.html
outputs_pdf   = $(OUT)/$(1)/$(1)-a4.pdf $(OUT)/$(1)/$(1)-letter.pdf $(OUT)/$(1)/$(1)-large-print.pdf $(OUT)/$(1)/$(1)-a4-print.pdf
outputs_epub  = $(OUT)/$(1)/$(1).epub
outputs_audio = $(OUT)/$(1)/$(1).mp3 $(OUT)/$(1)/$(1).vtt
outputs_read-aloud = $(OUT)/$(1)/$(1)-read-aloud.epub
outputs_braille = $(OUT)/$(1)/$(1).brf $(OUT)/$(1)/$(1).pef
outputs_pages = $(OUT)/$(1)/index.html
outputs = $(foreach f,$(FORMATS),$(call outputs_$(f),$(1)))

##@ Everyday
.PHONY: all
all: $(foreach s,$(SLUGS),$(call outputs,$(s))) $(if $(filter pages,$(FORMATS)),$(OUT)/index.html) ## Build every source into output/ (default; sets up on first run)
	@echo "make: every output is up to date ($(words $(SLUGS)) summaries, formats: $(FORMATS))"

# One rule set per summary; grouped targets (&:) because one command writes several files.
# The large-print page links to the PDF, EPUB and audio beside it, so it is made after them.
define summary_rules
# The page links to the other versions: made after them (order-only), but their bytes do not change it;
# except the audio's: its player embeds the WebVTT captions.
$(call outputs_html,$(1)) &: source/$(1).md $(call family,$(1)) $(HTML_DEPS) $(if $(filter audio,$(FORMATS)),$(call outputs_audio,$(1))) | $(foreach f,$(filter-out html pages,$(FORMATS)),$(call outputs_$(f),$(1))) $(INSTALLED) $(BUILD_READY)
	$(PIPELINE) build $$< --formats html --out $(OUT) --quiet
$(call outputs_pdf,$(1)) &: source/$(1).md $(call family,$(1)) $(PDF_DEPS) | $(INSTALLED) $(BUILD_READY)
	$(PIPELINE) build $$< --formats pdf --print-marks --out $(OUT) --quiet
$(call outputs_epub,$(1)) &: source/$(1).md $(call family,$(1)) $(EPUB_DEPS) | $(INSTALLED) $(BUILD_READY)
	$(PIPELINE) build $$< --formats epub --out $(OUT) --quiet
$(call outputs_audio,$(1)) &: source/$(1).md $(AUDIO_DEPS) | $(INSTALLED) $(BUILD_READY)
	$(PIPELINE) build $$< --formats audio --out $(OUT) --quiet
# The read-aloud book speaks the audio's sentences again: after the audio, whose speech cache it reads.
$(call outputs_read-aloud,$(1)) &: source/$(1).md $(call family,$(1)) $(READ_ALOUD_DEPS) | $(call outputs_audio,$(1)) $(INSTALLED) $(BUILD_READY)
	$(PIPELINE) build $$< --formats read-aloud --out $(OUT) --quiet
$(call outputs_braille,$(1)) &: source/$(1).md $(BRAILLE_DEPS) | $(INSTALLED) $(BUILD_READY)
	$(PIPELINE) build $$< --formats braille --out $(OUT) --quiet
$(call outputs_pages,$(1)) &: source/$(1).md $(call family,$(1)) $(PAGES_DEPS) $(foreach f,$(filter-out pages,$(FORMATS)),$(call outputs_$(f),$(1))) | $(INSTALLED)
	$(PIPELINE) build $$< --formats pages --out $(OUT) --quiet
endef
$(foreach s,$(SLUGS),$(eval $(call summary_rules,$(s))))

# One scan of the front matter writes every family file whose contents changed; the folder is a
# prerequisite so that deleting a translation counts too. The empty rule lets make see which changed.
$(FAMILIES)/.stamp: $(SOURCES) source | $(INSTALLED)
	@$(PIPELINE) translations --write $(FAMILIES) $(SOURCES)
	@touch $@
$(foreach s,$(SLUGS),$(call family,$(s))): $(FAMILIES)/.stamp ;

$(OUT)/index.html: $(SOURCES) $(FAMILIES)/.stamp $(PAGES_DEPS) | $(INSTALLED)
	$(PIPELINE) catalogue --out $(OUT)

.PHONY: lint
lint: | $(INSTALLED) ## Check every source (errors and warnings, with file:line)
	$(PIPELINE) lint --strict

.PHONY: check
check: | $(TEST_INSTALLED) $(CHECK_READY) $(NODEDEPS) ## Check the sources, then that every built output is current, stamped and valid (builds nothing)
	$(PIPELINE) lint --strict
	$(PIPELINE) check --print-marks

.PHONY: preview
preview: | $(INSTALLED) $(BUILD_READY) ## Serve output/ on http://127.0.0.1:8000 and rebuild on save
	$(PIPELINE) preview

.PHONY: test
test: | $(TEST_INSTALLED) $(CHECK_READY) $(NODEDEPS) ## Check apt can install every package, lint and type-check the code, run the whole test suite
	$(SYSDEPS) simulate
	$(VENV)/bin/ruff check pipeline tests $(wildcard bench)
	$(VENV)/bin/ruff format --check pipeline tests $(wildcard bench)
	$(VENV)/bin/mypy pipeline
	$(VENV)/bin/pytest

.PHONY: bench
bench: | $(TEST_INSTALLED) $(CHECK_READY) ## Measure speed and memory (prints a table; not a test)
	$(PY) bench/run.py

.PHONY: po
po: | $(INSTALLED) ## Rewrite pipeline/locales/messages.pot from en.yaml and update every .po (Babel)
	$(PY) -m pipeline.rendering.catalogs

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
# The build's Debian packages come first: Debian's python3 needs python3-venv to make .venv.
$(INSTALLED): pyproject.toml | $(BUILD_READY)
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $@

$(TEST_INSTALLED): pyproject.toml $(INSTALLED)
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

# `make -n all` shows the packages it would install; they are worked out when the rule runs.
$(BUILD_READY):
	$(SYSDEPS) install $(shell bash tools/sysdeps.sh missing build)
	@mkdir -p $(VENV) && touch $@

$(CHECK_READY): | $(BUILD_READY)
	$(SYSDEPS) install $(shell bash tools/sysdeps.sh missing check)
	@touch $@

$(NODEDEPS): package.json | $(CHECK_READY)
	ELECTRON_SKIP_BINARY_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error
	@mkdir -p node_modules && touch $@
