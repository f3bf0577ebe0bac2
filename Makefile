# Patient information pipeline. `make help` lists the targets.
# Outputs are real file targets: each depends on its source and on the code and templates
# that make it, so editing templates/leaflet.css rebuilds the PDFs and nothing else.

SHELL := /bin/bash
.DEFAULT_GOAL := all
# No .DELETE_ON_ERROR: the build writes every output atomically and puts a summary's previous
# outputs back when a format fails, so a failed rule's targets are the good earlier ones.

VENV     := .venv
PY       := $(VENV)/bin/python
PIPELINE := $(PY) -m pipeline
INSTALLED := $(VENV)/.installed
NODEDEPS := node_modules/.installed
# Easy Read's health pictures (Health Icons, MIT) come from npm: the build unpacks that one package
# (`npm pack`, the version package.json names), never the check-only node tools.
PICTURES := node_modules/@iconify-json/healthicons/icons.json
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
# The clinics that hand the leaflets out (source/clinics/<id>.yaml, docs/publishers.md): when there
# are any, `make all` also builds each clinic's copies of the formats that make them.
CLINIC_FILES := $(sort $(wildcard source/clinics/*.yaml))
BAD_CLINICS := $(shell find source/clinics -maxdepth 1 -name '*.yaml' 2>/dev/null | LC_ALL=C grep -Ev '^source/clinics/[a-z0-9]+(-[a-z0-9]+)*\.yaml$$' | sed 's/.*/"&"/' | tr '\n' ' ')
ifneq ($(strip $(BAD_CLINICS)),)
ifeq ($(filter help clean,$(MAKECMDGOALS)),)
$(error $(strip $(BAD_CLINICS)): a clinic's file name must be lowercase letters, digits and hyphens (source/clinics/kirkby-ward.yaml): rename it)
endif
endif
CLINICS  := $(basename $(notdir $(CLINIC_FILES)))
# Each format's targets, code and order come from its writer's declarations (pipeline/writers/,
# class Writer), read by pipeline/building/makefile.py with the standard library alone, so that
# `make -n all` on a fresh clone needs no virtual environment. It defines FORMATS and, per format F,
# outputs_F (a function of the slug), code_F (its code, templates and words), needs_F (formats
# whose files it reads), after_F (formats it is made after) and family_F (it links translations).
WRITERS_MK := $(OUT)/.build/writers.mk
ifneq ($(if $(MAKECMDGOALS),$(filter-out help clean distclean,$(MAKECMDGOALS)),all),)
include $(WRITERS_MK)
endif
$(WRITERS_MK): $(sort $(wildcard pipeline/*.py pipeline/*/*.py pipeline/*/*/*.py)) templates $(wildcard templates/*/)
	@mkdir -p $(@D)
	@python3 pipeline/building/makefile.py > $@.tmp && mv $@.tmp $@

# The publisher's branding (and the images beside the sources) is in every output.
BRANDING := $(wildcard source/publisher.yaml source/*.svg source/*.png source/*.jpg source/*.jpeg source/*.gif)

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

outputs = $(foreach f,$(FORMATS),$(call outputs_$(f),$(1)))
# a summary's copies for every clinic, of each format that makes them (clinic_F, clinic_outputs_F)
clinic_copies = $(foreach c,$(CLINICS),$(foreach f,$(FORMATS),$(if $(clinic_$(f)),$(call clinic_outputs_$(f),$(1),$(c)))))

# The catalogue and what is made with it (pipeline/catalogue/): one command writes them all, the front
# page last; its pages index-<lang>-<n>.html (as many as the summaries need) are written with it. It
# reads every source and each summary's download page record (the FHIR Bundle gathers them), so each
# summary's pages are prerequisites. The sitemap needs an address: it is written, and listed here,
# when publisher.yaml or a summary names a site_url (a line `site_url:` at the start of a line).
SITEMAP   := $(if $(shell grep -qs '^site_url:' source/publisher.yaml $(SOURCES) && echo yes),$(OUT)/sitemap.xml)
CATALOGUE := $(OUT)/index.html $(OUT)/catalogue.css $(OUT)/feed.xml $(OUT)/fhir.json $(OUT)/pagefind $(SITEMAP)

##@ Everyday
.PHONY: all
all: $(foreach s,$(SLUGS),$(call outputs,$(s)) $(call clinic_copies,$(s))) $(if $(filter pages,$(FORMATS)),$(CATALOGUE)) ## Build every source into output/, and each clinic's copies (default; sets up on first run)
	@echo "make: every output is up to date ($(words $(SLUGS)) summaries, $(words $(CLINICS)) clinics, formats: $(FORMATS))"

# One rule a format and summary; grouped targets (&:) because one command writes several files.
# A format's outputs change with the files of the formats it needs (the page's player embeds the
# audio's captions); the formats it is only made after (the pages it links to) are order-only.
format_prereqs = source/$(1).md $(if $(family_$(2)),$(call family,$(1))) $(code_$(2)) $(BRANDING) $(foreach n,$(needs_$(2)),$(call outputs_$(n),$(1)))
define format_rule
$(call outputs_$(2),$(1)) &: $(call format_prereqs,$(1),$(2)) | $(foreach a,$(after_$(2)),$(call outputs_$(a),$(1))) $(INSTALLED) $(BUILD_READY) $(PICTURES)
	$(PIPELINE) build $$< --formats $(2) --print-marks --out $(OUT) --quiet
endef
# (a format whose writer declares a source_marker has no outputs for a source without that line)
$(foreach s,$(SLUGS),$(foreach f,$(FORMATS),$(if $(call outputs_$(f),$(s)),$(eval $(call format_rule,$(s),$(f))))))

# A clinic's copies of a format: its file and the images beside it are prerequisites too.
CLINIC_IMAGES := $(wildcard source/clinics/*.svg source/clinics/*.png)
define clinic_rule
$(call clinic_outputs_$(2),$(1),$(3)) &: $(call format_prereqs,$(1),$(2)) source/clinics/$(3).yaml $(CLINIC_IMAGES) | $(INSTALLED) $(BUILD_READY)
	$(PIPELINE) build $$< --formats $(2) --clinic $(3) --print-marks --out $(OUT) --quiet
endef
$(foreach s,$(SLUGS),$(foreach c,$(CLINICS),$(foreach f,$(FORMATS),$(if $(clinic_$(f)),$(eval $(call clinic_rule,$(s),$(f),$(c)))))))

# One scan of the front matter writes every family file whose contents changed; the folder is a
# prerequisite so that deleting a translation counts too. The scan is an included makefile, so
# Make runs it before it decides anything (under -n too) and then sees which family files really
# changed: `make -n all` lists exactly what `make all` rebuilds. Before the first install the
# family files are made in the build itself (order-only: an unchanged family file is not stale).
FAMILIES_MK := $(FAMILIES)/families.mk
ifneq ($(wildcard $(INSTALLED)),)
ifneq ($(if $(MAKECMDGOALS),$(filter-out help clean distclean,$(MAKECMDGOALS)),all),)
include $(FAMILIES_MK)
endif
endif
$(FAMILIES_MK): $(SOURCES) source | $(INSTALLED)
	@$(PIPELINE) translations --write $(FAMILIES) $(SOURCES)
	@echo "# the family files in this folder were last written from the sources, not before" > $@
$(foreach s,$(SLUGS),$(call family,$(s))): | $(FAMILIES_MK) ;

# The catalogue (CATALOGUE, above): one command writes it all.
$(CATALOGUE) &: $(SOURCES) $(foreach s,$(SLUGS),$(call family,$(s)) $(call outputs_pages,$(s))) $(code_catalogue) $(BRANDING) | $(INSTALLED)
	$(PIPELINE) catalogue --out $(OUT)

.PHONY: lint
lint: | $(INSTALLED) ## Check every source (errors and warnings, with file:line)
	$(PIPELINE) lint --strict

.PHONY: check
check: | $(TEST_INSTALLED) $(CHECK_READY) $(NODEDEPS) ## Check the sources, then that every built output is current, stamped and valid (builds nothing)
	$(PIPELINE) lint --strict
	$(PIPELINE) check --print-marks
	$(if $(CLINICS),$(PIPELINE) check --print-marks --clinic all)

.PHONY: preview
preview: | $(INSTALLED) $(BUILD_READY) ## Serve output/ on http://127.0.0.1:8000 and rebuild on save
	$(PIPELINE) preview

# pytest-xdist: one worker a core, each test file on one worker (its fixtures are built once), the
# longest files first (tests/conftest.py orders them);
# `make test PYTEST_WORKERS=0` runs the tests in this process, one after another.
PYTEST_WORKERS ?= auto
PYTEST_XDIST := $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder)

.PHONY: test
test: ## Check apt can install every package, lint and type-check the code, run the whole test suite
	@$(MAKE) --no-print-directory -j3 --output-sync=target test-ready
	$(VENV)/bin/pytest $(PYTEST_XDIST)

# What the suite needs, made side by side: the test extra's pip install and then the code's lint
# and types, beside apt's packages and then npm's validators and apt's simulation. On a fresh
# clone these mostly wait on downloads or keep one core busy; one after another they took a minute.
.PHONY: test-ready apt-simulation lint-code bytecode
test-ready: apt-simulation lint-code bytecode $(NODEDEPS)
# The suite starts well over a thousand Python processes; where PYTHONDONTWRITEBYTECODE is set (as
# in many containers) each compiled every module of ours it imported, 60 ms of an HTML build.
# Compiled once here (the git-ignored __pycache__ folders), with the test extra's packages, which
# pip installed without (a file some package ships that this Python cannot compile, pip skips too).
bytecode: | $(INSTALLED) $(TEST_INSTALLED)
	@$(PY) -m compileall -q -j0 pipeline tests $(wildcard bench)
	@$(PY) -m compileall -qq -j0 "$$($(PY) -c 'import sysconfig; print(sysconfig.get_path("purelib"))')" || true
apt-simulation: | $(CHECK_READY)
	$(SYSDEPS) simulate
lint-code: | $(TEST_INSTALLED)
	$(VENV)/bin/ruff check pipeline tests $(wildcard bench)
	$(VENV)/bin/ruff format --check pipeline tests $(wildcard bench)
	$(VENV)/bin/mypy pipeline

.PHONY: test-quick
test-quick: bytecode | $(TEST_INSTALLED) $(CHECK_READY) $(NODEDEPS) ## Run the fast tests, those not marked slow (the loop while you work)
	$(VENV)/bin/pytest -m "not slow" $(PYTEST_XDIST)

.PHONY: bench
bench: bench-gate | $(TEST_INSTALLED) $(CHECK_READY) ## Measure the editorial gate, then speed and memory (prints tables; not a test)
	$(PY) bench/run.py

.PHONY: bench-gate
bench-gate: | $(INSTALLED) ## Measure the editorial gate on its corpus: false alarms, recall, precision (tests/gate)
	$(PY) bench/gate.py

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

$(PICTURES): package.json | $(BUILD_READY)
	@rm -rf $(@D).tmp && mkdir -p $(@D).tmp
	cd $(@D).tmp && npm pack --silent "@iconify-json/healthicons@$$(python3 -c 'import json; print(json.load(open("../../../package.json"))["dependencies"]["@iconify-json/healthicons"])')" >/dev/null
	tar -xzf $(@D).tmp/*.tgz -C $(@D).tmp && rm -rf $(@D) && mv $(@D).tmp/package $(@D) && rm -rf $(@D).tmp
	@touch $@

# The test extra of the project $(INSTALLED) put in (editable): pip reads its requirements from that
# install's metadata and adds them, where `-e '.[test]'` would build and install the project again (7 s).
# Its bytecode is compiled by `bytecode`, on every core and beside mypy, not by pip on one core (8 s).
$(TEST_INSTALLED): pyproject.toml $(INSTALLED)
	$(PY) -m pip install --quiet --no-compile 'patient-info-pipeline[test]'
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
