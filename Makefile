# INTAN-WPL: the two commands of README.md, and the pieces they are made of.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate seed lint format benchmark clean

# (Re)install when pyproject.toml changes; a fresh clone needs only python3, make and git.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
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

test: install
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m djlint templates --lint

format: $(STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

# Performance figures for docs/performance.md (20,000-row roster import).
benchmark: migrate
	DEBUG=true $(PY) manage.py benchmark_roster_import
