# INTAN-WPL: the two commands of README.md (make run, make test), and the pieces they are made of.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes (pytest-xdist): one per core.
WORKERS ?= auto

.PHONY: run test test-fast install migrate seed lint fmt format lock coverage upgrade-check benchmark clean

# (Re)install when the lock file or pyproject.toml changes; a fresh clone needs only python3, make and git.
# Exact versions come from requirements.lock (make lock), the project itself is installed editable.
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# A local checkout's development settings (DEBUG=true), created once and never overwritten.
.env:
	cp .env.example .env

install: $(STAMP) .env

migrate: install
	DEBUG=true $(PY) manage.py migrate --noinput

seed: migrate
	DEBUG=true $(PY) manage.py seed_demo

run: seed
	@echo "Portal INTAN-WPL: http://$(HOST):$(PORT)/ (akun demo: lihat README.md)"
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite, browser tests included, spread over every core.
test: install
	$(PY) -m pytest -n $(WORKERS)

# Everything but the slow hostile-input sweeps and the browser tests: the quick loop while working.
test-fast: install
	$(PY) -m pytest -n $(WORKERS) -m "not slow and not browser"

# The whole suite with coverage; fails below the floor in pyproject.toml ([tool.coverage.report]).
coverage: install
	$(PY) -m pytest -n $(WORKERS) --cov --cov-report=term:skip-covered

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m djlint templates --lint
	$(VENV)/bin/lint-imports

fmt: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

format: fmt

# Pin every dependency of pyproject.toml (with the dev extra) to exact versions.
lock:
	$(PY) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links --extra dev --output-file requirements.lock pyproject.toml

# A database built by an earlier main (with the demo) migrates forward with every row kept.
upgrade-check: install
	.ci/upgrade-check

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .coverage

# Performance figures for docs/performance.md (20,000-row roster import).
benchmark: migrate
	DEBUG=true $(PY) manage.py benchmark_roster_import
