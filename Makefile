# The two commands: `make run` serves the platform, `make test` runs the tests. Both bootstrap.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# A local run keeps the test database between runs (CI always builds it afresh).
PYTEST_ARGS ?= $(if $(CI),,--reuse-db)

.PHONY: setup setup-runtime run test lint migrate bench format clean

UV_READY = @$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv

# The whole environment, test and lint tools included (it serves too).
.venv/.synced: pyproject.toml uv.lock
	$(UV_READY)
	$(UV) sync --locked
	@touch $@ .venv/.synced-runtime

# Only what serving needs (no test tools): what `make run` installs in a fresh clone. A dev
# environment already synced is left as it is (--inexact keeps its tools).
.venv/.synced-runtime: pyproject.toml uv.lock
	$(UV_READY)
	$(UV) sync --locked --no-dev --inexact
	@touch $@

setup: .venv/.synced ## install uv if missing and sync the locked environment (with dev tools)

setup-runtime: .venv/.synced-runtime ## the runtime dependencies only

run: setup-runtime ## serve HTTP + WebSocket on 127.0.0.1:8000 with demo data (embedded defaults)
	DEBUG=$${DEBUG:-true} SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py serve --host $(HOST) --port $(PORT)

AXE := var/node/node_modules/axe-core/axe.min.js
AXE_VERSION := 4.10.3

$(AXE): ## axe-core from the npm registry, for the browser tests' accessibility checks
	npm install --silent --no-audit --no-fund --no-save --prefix var/node axe-core@$(AXE_VERSION)

test: setup $(AXE) ## the whole test suite
	$(PY) -m pytest $(PYTEST_ARGS)

lint: setup ## ruff check, ruff format --check, mypy, the import contracts
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DEBUG=true DATABASE_URL=postgres://lint@127.0.0.1/lint $(PY) -m mypy .
	.venv/bin/lint-imports --no-cache

format: setup
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

migrate: setup-runtime
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate

bench: setup ## benchmarks (not run by CI); see README "Performance"
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf .venv var/staticfiles
