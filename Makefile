# onewindow — two commands do everything on a fresh machine:
#   make run    console + decision API on http://127.0.0.1:5000 (embedded SQLite, loaded from config/)
#   make test   the whole test suite (browser tests included)
#   make test-postgres   the admin/store suite on PostgreSQL (needs ONEWINDOW_TEST_DATABASE_URL; `. .ci/postgres` starts one)
VENV   ?= .venv
PYTHON ?= python3
BIN     = $(VENV)/bin

.PHONY: run test test-postgres typecheck wheel-smoke setup system-deps validate bench schema clean

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

test-postgres: setup
	ONEWINDOW_TEST_BACKEND=postgresql $(BIN)/python -m pytest tests/admin --ignore=tests/admin/test_browser.py --ignore=tests/admin/test_multiprocess.py

typecheck: setup
	MYPY=$(abspath $(BIN))/mypy bash .ci/typecheck

wheel-smoke: setup
	bash .ci/wheel-smoke

validate: setup
	$(BIN)/onewindow validate config

schema: setup
	$(BIN)/onewindow schema

bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
