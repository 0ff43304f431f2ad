# make run   - set up .venv (ocparse alone) and convert the bundled sample to JSON on stdout
# make test  - add the test tools to .venv, then lint, type-check and run all tests
# make dev   - .venv with ocparse editable and the test tools, for day-to-day pytest
# make check - ruff and mypy --strict only
# make fixtures - rewrite every fixtures/*.json from the current parser (review: git diff)
# make docs  - build the documentation site into site/ (mkdocs build --strict)
#
# .venv holds ocparse as an editable install: `.venv/bin/pytest` after an edit in src/
# tests the edited code. The tests marked `wheel` (tests/test_installed.py, the
# downstream example) must see what users get, so `make test` also runs them against a
# wheel built from the tree, installed in .venv-wheel.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
WHEEL_VENV := .venv-wheel
PIP = python -m pip --disable-pip-version-check -q
export HYPOTHESIS_PROFILE ?= ci
SAMPLE := fixtures/2025_netherlands_belgium.txt

.PHONY: run dev test test-src test-wheel check lint install bench bench-truncation bench-memory clean docs fixtures

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Running needs ocparse and its dependencies, nothing else.
$(VENV)/.run-deps: pyproject.toml | $(BIN)/python
	$(BIN)/$(PIP) install -e . >&2
	touch $@

$(VENV)/.test-deps: pyproject.toml requirements-docs.txt | $(VENV)/.run-deps
	$(BIN)/$(PIP) install -e ".[test]" -r requirements-docs.txt >&2
	touch $@

install: $(VENV)/.run-deps

dev: $(VENV)/.test-deps

run: $(VENV)/.run-deps
	$(BIN)/ocparse convert $(SAMPLE)

check: $(VENV)/.test-deps
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/mypy

lint: check

# Everything but the wheel tests, against the code in src/ (editable install).
test-src: $(VENV)/.test-deps
	$(BIN)/pytest -m "not wheel"

# The wheel tests, against a wheel freshly built from the tree.
test-wheel: $(VENV)/.test-deps
	rm -rf $(WHEEL_VENV) build/wheel
	$(PYTHON) -m venv $(WHEEL_VENV)
	$(BIN)/$(PIP) wheel --no-deps -w build/wheel . >&2
	$(WHEEL_VENV)/bin/$(PIP) install "$$(ls build/wheel/ocparse-*.whl)[test]" >&2
	$(WHEEL_VENV)/bin/pytest -m wheel -p no:cacheprovider

test: check test-src test-wheel

fixtures: $(VENV)/.test-deps
	$(BIN)/python tests/regen_fixtures.py

docs: $(VENV)/.test-deps
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# The bench's TextFSM peer is a benchmark-only dependency.
$(VENV)/.bench-deps: requirements-bench.txt | $(VENV)/.run-deps
	$(BIN)/$(PIP) install -r requirements-bench.txt >&2
	touch $@

bench: $(VENV)/.bench-deps
	$(BIN)/python benchmarks/bench.py

# Composites of every official page cut at every line, against the workbook.
bench-truncation: $(VENV)/.run-deps
	$(BIN)/python benchmarks/truncation.py

# Peak RSS of convert --format json against ndjson on a ~200 MB dump (minutes).
bench-memory: $(VENV)/.run-deps
	$(BIN)/python benchmarks/json_memory.py

clean:
	rm -rf $(VENV) $(WHEEL_VENV) build dist site .pytest_cache .mypy_cache .ruff_cache .hypothesis
