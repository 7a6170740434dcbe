# Two commands matter: `make serve` and `make test`. Everything else is a step they use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: install serve build check chemins schema test test-fast browser bench clean engines zensical

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $@

# ProperDocs and Zensical in an environment of their own, without MkDocs (see
# requirements-engines.txt): tests/test_engines.py builds the guide with each.
ENGINES := .venv-engines
ENGINES_STAMP := $(ENGINES)/.installed

engines: $(ENGINES_STAMP)

$(ENGINES_STAMP): pyproject.toml requirements.lock requirements-engines.txt
	$(PYTHON) -m venv $(ENGINES)
	$(ENGINES)/bin/python -m pip install --quiet --upgrade pip
	$(ENGINES)/bin/python -m pip install --quiet -c requirements.lock -r requirements-engines.txt
	$(ENGINES)/bin/python -m pip install --quiet -c requirements.lock --no-deps mkdocs-material -e .
	touch $@

# The guide built by Zensical into build/zensical/site (see zensical.toml).
zensical: $(ENGINES_STAMP)
	$(ENGINES)/bin/python -m generator build --out build/zensical/docs --docs docs
	$(ENGINES)/bin/zensical build --strict -f zensical.toml
	$(ENGINES)/bin/python -m generator zensical build/zensical/site

serve: $(STAMP)
	$(BIN)/mkdocs serve --livereload --dev-addr 127.0.0.1:8000

# Build into a temporary folder, then swap: a failed build leaves the previous site/ intact.
# No --quiet: with it, MkDocs stops counting warnings and --strict lets them pass (MkDocs #4126).
build: $(STAMP)
	rm -rf site.tmp
	$(BIN)/mkdocs build --strict --site-dir site.tmp || { rm -rf site.tmp; exit 1; }
	rm -rf site.old; if [ -d site ]; then mv site site.old; fi; mv site.tmp site; rm -rf site.old
	@echo "Site écrit dans site/."

check: $(STAMP)
	$(BIN)/python -m generator check

# Rewrites procedures/arbre-chemins.txt after a change to the tree (a test checks it is up to date).
chemins: $(STAMP)
	$(BIN)/python -m generator chemins --ecrire

# Rewrites schema/*.schema.json (editor help) after a change to generator/model.py.
schema: $(STAMP)
	$(BIN)/python -m generator schema --ecrire

# Finds a Chromium, or installs one (Playwright's download, else Debian's package as root).
browser: $(STAMP)
	@$(BIN)/python tests/find_browser.py --install

# One pytest worker per core (pytest-xdist); worksteal evens out the few long browser tests.
PYTEST := $(BIN)/python -m pytest -n auto --dist worksteal

test: $(STAMP) $(ENGINES_STAMP) browser
	$(BIN)/python -m mypy
	$(PYTEST)

test-fast: $(STAMP)
	$(BIN)/python -m mypy
	$(PYTEST) -m "not browser"

bench: $(STAMP) $(ENGINES_STAMP) browser
	$(BIN)/python benchmarks/build_times.py
	$(BIN)/python benchmarks/check_times.py
	$(BIN)/python benchmarks/growth.py
	$(BIN)/python benchmarks/limits.py
	$(BIN)/python benchmarks/reload_memory.py
	$(BIN)/python benchmarks/tree_metrics.py
	$(BIN)/python benchmarks/lighthouse.py
	$(BIN)/python benchmarks/search_ranks.py
	$(BIN)/python benchmarks/offline_metrics.py
	$(BIN)/python benchmarks/engines.py

clean:
	rm -rf site site.tmp site.old .pytest_cache build/zensical .cache
