# The two commands: `make serve` and `make test`. Both set up what they need first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: serve test lint typecheck pytest bench bench-writes bench-load bench-export clean

serve: $(VENV)/.installed
	$(BIN)/prisoner-counts serve

test: $(VENV)/.installed-dev lint typecheck pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy
	cd clients/python && $(abspath $(BIN))/mypy

pytest: $(VENV)/.installed-dev
	$(BIN)/pytest

# Benchmarks are not part of `make test`; each rewrites its section of docs/*.md.
# `make bench`: the service against a hello-world ceiling, a bare view and Datasette (wrk,
# SYNTHETIC data cached under instance/bench/); BENCH_SECONDS=2 BENCH_ROUNDS=2 for a quick look.
bench: $(VENV)/.installed
	$(BIN)/python -m bench.suite

bench-writes: $(VENV)/.installed-dev
	TEST_DATABASE_URL=$${TEST_DATABASE_URL-postgresql+psycopg://postgres@127.0.0.1:5432/test} \
		$(BIN)/python bench/concurrent_writes.py

bench-load: $(VENV)/.installed-dev
	TEST_DATABASE_URL=$${TEST_DATABASE_URL-postgresql+psycopg://postgres@127.0.0.1:5432/test} \
		$(BIN)/python bench/load_mixed.py

# Not part of `make test`: builds a 1,000,000-claim SYNTHETIC database under instance/ (a few
# minutes) and writes docs/PERFORMANCE.md.
bench-export: $(VENV)/.installed-dev
	$(BIN)/python -m bench.export_bench

$(VENV)/.created:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	touch $@

$(VENV)/.installed: pyproject.toml $(VENV)/.created
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# The dev venv also holds the Python client (clients/python), whose tests and the notebooks
# under examples/ run in `make test` against live servers.
$(VENV)/.installed-dev: pyproject.toml clients/python/pyproject.toml $(VENV)/.created
	$(BIN)/python -m pip install --quiet -e '.[dev]' -e ./clients/python
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache
