# PropertyDesk: `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
PY := .venv/bin/python
FLASK := .venv/bin/flask --app wsgi
PORT ?= 5000
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test
RUN_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk
TEST_DEBS := $(RUN_DEBS) chromium poppler-utils postgresql-client

.PHONY: run test test-sqlite test-pg setup setup-test debs-run debs-test seed clean

run: setup debs-run
	$(FLASK) init-db
	$(FLASK) seed
	@echo
	@echo "PropertyDesk: http://127.0.0.1:$(PORT)/   demo logins (username / password):"
	@for u in clerk supervisor manager director engineer guard admin; do echo "  $$u / $$u-demo-2026"; done
	@echo
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: setup-test debs-test
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

# Debian packages, installed only when missing (needs root or sudo).
debs-run:
	@./.ci/apt-ensure $(RUN_DEBS)

debs-test:
	@./.ci/apt-ensure $(TEST_DEBS)

clean:
	rm -rf .venv instance test-artifacts .pytest_cache
