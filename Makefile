# Two commands matter: `make serve` and `make test`. Everything else is a step they use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: install serve build check chemins schema test test-fast browser bench clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $@

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

test: $(STAMP) browser
	$(BIN)/python -m mypy
	$(PYTEST)

test-fast: $(STAMP)
	$(BIN)/python -m mypy
	$(PYTEST) -m "not browser"

bench: $(STAMP) browser
	$(BIN)/python benchmarks/build_times.py
	$(BIN)/python benchmarks/check_times.py
	$(BIN)/python benchmarks/limits.py
	$(BIN)/python benchmarks/reload_memory.py
	$(BIN)/python benchmarks/tree_metrics.py
	$(BIN)/python benchmarks/lighthouse.py
	$(BIN)/python benchmarks/search_ranks.py
	$(BIN)/python benchmarks/offline_metrics.py

clean:
	rm -rf site site.tmp site.old .pytest_cache
