# PMO Portal
#   make run     install what is missing, migrate, seed the demo, serve on http://127.0.0.1:8000
#   make test    install what is missing, lint, type-check, Django checks, the test suite
#   make fuzz    fuzz the REST API with schemathesis against a live portal (optional)
# Installs are stamped: when pyproject.toml and package(-lock).json have not changed since the
# last install, nothing is installed again.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= 2

VENV_STAMP := $(VENV)/.pmo-installed
NODE_STAMP := node_modules/.pmo-installed
NODE_LOCK := $(wildcard package-lock.json)

REQUIRE_BROKER := import os, django; \
	os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmo_portal.settings"); django.setup(); \
	from django.conf import settings; \
	raise SystemExit(0 if not settings.CELERY_TASK_ALWAYS_EAGER else \
	"Set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0) in the environment or in .env, " \
	"for the web server too: without it the portal runs its jobs in process.")

.PHONY: run test bench bench-pages fuzz lint format worker beat install system-deps system-deps-test clean distclean

run: install system-deps
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "PMO Portal on http://$(HOST):$(PORT)/ : log in with a demo login above (Ctrl-C stops it)."
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install system-deps-test lint
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n $(PYTEST_WORKERS) tests/

bench: install system-deps
	$(PY) benchmarks/run.py

# Only the pages under gunicorn; on PostgreSQL with DATABASE_URL=postgres://.../postgres.
bench-pages: install system-deps
	$(PY) benchmarks/run.py pages

# Not part of make test: generated requests against every API operation, failing on a 5xx.
fuzz: install
	scripts/fuzz.sh

lint: $(VENV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

format: $(VENV_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: $(VENV_STAMP)
	@$(PY) -c '$(REQUIRE_BROKER)'
	$(BIN)/celery -A pmo_portal worker --loglevel=INFO

beat: $(VENV_STAMP)
	@$(PY) -c '$(REQUIRE_BROKER)'
	$(BIN)/celery -A pmo_portal beat --loglevel=INFO

install: $(VENV_STAMP) $(NODE_STAMP)

$(PY):
	@test -n "$(PYTHON)" || { echo "Python 3.11 (python3.11 or python3) is needed." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

# pyproject.toml declares no packages: an editable install brings in the dependencies only.
$(VENV_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --disable-pip-version-check --quiet -e ".[dev]"
	touch $@

$(NODE_STAMP): package.json $(NODE_LOCK)
	@command -v npm >/dev/null || { echo "Node.js 20 with npm is needed." >&2; exit 1; }
	if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
	touch $@

system-deps:
	scripts/system-deps.sh run

system-deps-test:
	scripts/system-deps.sh test

# Caches and build output; the database (var/) and the installs stay.
clean:
	rm -rf staticfiles .pytest_cache .mypy_cache .ruff_cache test-results *.egg-info
	find . \( -path ./$(VENV) -o -path ./node_modules \) -prune -o -type d -name __pycache__ -exec rm -rf {} +

# Everything installed too; the next make installs from scratch.
distclean: clean
	rm -rf $(VENV) node_modules
