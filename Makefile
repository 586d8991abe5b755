# PropertyDesk: `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
PY := .venv/bin/python
FLASK := .venv/bin/flask --app wsgi
PORT ?= 5000
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test
RUN_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk
TEST_DEBS := $(RUN_DEBS) chromium poppler-utils postgresql-client

.PHONY: run test test-sqlite test-pg setup setup-test debs-run debs-test seed clean bench bench-data fonts bench-pdf load

run: setup debs-run fonts
	$(FLASK) init-db
	$(FLASK) seed
	@echo
	@echo "PropertyDesk: http://127.0.0.1:$(PORT)/   demo logins (username / password):"
	@for u in clerk supervisor manager director engineer guard admin; do echo "  $$u / $$u-demo-2026"; done
	@echo
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: setup-test debs-test fonts
	$(PY) -m pytest -q
	@if pg_isready -q -h 127.0.0.1 -p 5432 || ($(MAKE) --no-print-directory start-pg && pg_isready -q -h 127.0.0.1 -p 5432); then \
		echo "== PostgreSQL =="; TEST_DATABASE_URL=$(PG_URL) $(PY) -m pytest -q -m "not browser"; \
	else echo "PostgreSQL is not answering on 127.0.0.1:5432: PostgreSQL run skipped"; fi

test-sqlite: setup-test
	$(PY) -m pytest -q

test-pg: setup-test
	TEST_DATABASE_URL=$(PG_URL) $(PY) -m pytest -q

start-pg:
	-@command -v pg_ctlcluster >/dev/null && pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -1) main start 2>/dev/null; sleep 2

.venv/bin/python:
	python3 -m venv .venv
	.venv/bin/pip install -q --upgrade pip

.venv/.run-installed: requirements.txt .venv/bin/python
	.venv/bin/pip install -q -r requirements.txt
	touch $@

.venv/.test-installed: requirements.txt requirements-test.txt .venv/bin/python
	.venv/bin/pip install -q -r requirements-test.txt
	touch .venv/.run-installed $@

setup: .venv/.run-installed
setup-test: .venv/.test-installed

# The notice fonts, cut once from Debian's Noto Sans CJK into instance/fonts (about a minute).
fonts: setup debs-run
	@$(PY) -m app.documents.fonts instance/fonts

# PDF notices: ms per notice for 1, 100 and 1,000 reminders, ours beside plain WeasyPrint.
bench-pdf: setup debs-run fonts
	$(PY) -m bench.pdf_bench

# Debian packages, installed only when missing (needs root or sudo).
debs-run:
	@./.ci/apt-ensure $(RUN_DEBS)

debs-test:
	@./.ci/apt-ensure $(TEST_DEBS)

clean:
	rm -rf .venv instance test-artifacts .pytest_cache

# Benchmark (issue 6, bench/): ours vs stock Flask-Admin vs bare Flask, gunicorn on 127.0.0.1 only.
#   make bench              SQLite: builds bench/data/large.db once (a few minutes), then measures
#   make bench DB=pg        PostgreSQL: the database propertydesk_bench (built when missing, incomplete or stale)
#   make bench BENCH_ARGS="--samples 50 --page-budget 30"
DB ?= sqlite
BENCH_PG_URL ?= postgresql://postgres@127.0.0.1:5432/propertydesk_bench
BENCH_URL = $(if $(filter pg postgres postgresql,$(DB)),$(BENCH_PG_URL),sqlite:///$(CURDIR)/bench/data/large.db)
BENCH_ARGS ?=

bench-data: setup
	$(PY) -m bench.generate --database-url $(BENCH_URL)

bench: bench-data
	$(PY) -m bench.run --no-generate --database-url $(BENCH_URL) $(BENCH_ARGS)

# Load test (bench/load.py): USERS front-desk users for SECONDS against gunicorn.conf.py with WORKERS workers.
#   make load DB=pg USERS=50 SECONDS=60 WORKERS=5 THINK=2   (THINK=0: as fast as the server answers)
USERS ?= 50
SECONDS ?= 60
WORKERS ?= 5
THINK ?= 2
load: bench-data
	$(PY) -m bench.load --database-url $(BENCH_URL) --users $(USERS) --seconds $(SECONDS) --workers $(WORKERS) --think $(THINK)
