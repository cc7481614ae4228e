# `make demo` and `make test` bootstrap everything themselves on a fresh
# Debian machine with Python 3.11: the virtualenv, the Python packages and,
# for tests, Debian's Chromium, PostgreSQL and Redis.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
PYTEST_ARGS ?=
# The PostgreSQL run leaves out tests whose outcome cannot depend on the
# database; the SQLite run has them all.
# - `browser`: Chromium checks of layout, accessibility (axe), the CSP and
#   client-side behaviour. Every server path they drive (customer search,
#   erasure, the journeys page's SQL, API keys, widget answers, topics,
#   webhooks) has a test-client test that runs on both databases, and
#   tests/web/test_crawl.py opens every dashboard page over the demo on both.
# - `no_database`: touches no database at all (checked at collection).
POSTGRES_TESTS := -m "not browser and not no_database"

.PHONY: demo test lint types migrations-check test-sqlite test-postgres system-packages format clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/cxloop demo

system-packages:
	bash scripts/system-packages.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

types: $(STAMP)
	$(BIN)/mypy

migrations-check: $(STAMP)
	CXLOOP_DATA_DIR=$$(mktemp -d) $(BIN)/python manage.py makemigrations --check --dry-run

test-sqlite: $(STAMP)
	env -u DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: $(STAMP)
	bash scripts/with-postgres.sh $(BIN)/pytest $(POSTGRES_TESTS) $(PYTEST_ARGS)

test: $(STAMP) system-packages lint types migrations-check test-sqlite test-postgres

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache test-artifacts
