# Both entry points bootstrap .venv first; the stamp makes re-runs cheap and
# re-installs only when pyproject.toml changes.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: play test lint bench clean detector

$(STAMP): pyproject.toml setup.py sim/core/_ngrams.c sim/core/_scan.c
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# An editable install leaves our modules uncompiled, and where PYTHONDONTWRITEBYTECODE is set
# Python would compile them again on every start (~40 ms): compile them as `pip install` would.
BYTECODE := $(BIN)/python -m compileall -q sim

play: $(STAMP)
	@$(BYTECODE)
	$(BIN)/sim play

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

# Every benchmark beside its reference, in one table (bench/results.json); a few minutes.
BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	@$(BYTECODE)
	$(BIN)/python bench/run.py

# Retrain the learned layer of detection after changing rules or the development corpus.
detector: $(STAMP)
	$(BIN)/python -m sim.core.learned

clean:
	rm -rf $(VENV) build *.egg-info
