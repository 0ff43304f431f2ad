# make run  - set up .venv and convert the bundled sample to JSON on stdout
# make test - set up .venv with test extras, then lint, type-check and run all tests
# make docs - build the documentation site into site/ (mkdocs build --strict)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q
SAMPLE := fixtures/2025_netherlands_belgium.txt

.PHONY: run test lint install bench clean docs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.deps: pyproject.toml | $(BIN)/python
	$(PIP) install ".[test]" >&2
	touch $@

$(VENV)/.docs-deps: requirements-docs.txt | $(BIN)/python
	$(PIP) install -r requirements-docs.txt >&2
	touch $@

# Installed as a wheel (not editable), so tests see what users get: the grammar and
# data files as package data, not the source tree.
install: $(VENV)/.deps
	$(PIP) install --no-deps --force-reinstall . >&2

run: install
	$(BIN)/ocparse convert $(SAMPLE)

lint: install
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/mypy

# The docs test runs every example of docs/ and README.md, pandas recipes included.
test: lint $(VENV)/.docs-deps
	$(BIN)/pytest

docs: install $(VENV)/.docs-deps
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

bench: install
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) build dist site .pytest_cache .mypy_cache .ruff_cache .hypothesis
