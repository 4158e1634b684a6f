# onewindow — two commands do everything on a fresh machine:
#   make run    console + decision API on http://127.0.0.1:5000 (embedded SQLite, loaded from config/)
#   make test   the whole test suite (browser tests included)
VENV   ?= .venv
PYTHON ?= python3
BIN     = $(VENV)/bin

.PHONY: run test setup system-deps validate bench schema clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml setup.py .ci/system-deps
	bash .ci/system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

run: setup
	$(BIN)/onewindow serve --config config --rules rules --dev

test: setup
	$(BIN)/python -m pytest

validate: setup
	$(BIN)/onewindow validate config

schema: setup
	$(BIN)/onewindow schema

bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
