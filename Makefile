# Newsroom: `make run` to try it, `make test` to check it.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
VPY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# The first interpreter found that is Python 3.12 or newer. Django 6 needs it, and
# pip on an older Python would quietly install Django 5.2 instead.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.14 python3 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { command -v $$p; break; }; done)

.PHONY: help run test lint format bench bench-queries clean-venv

help:
	@echo "make run     set up .venv, migrate, seed the demo, serve http://$(HOST):$(PORT)/ and run the task worker"
	@echo "make test    lint, check imports and migrations, run the whole test suite (DATABASE_URL picks the database)"
	@echo "make format  format the code with ruff"
	@echo "make bench   requests/s and latency of the reader pages under gunicorn and wrk"
	@echo "make bench-queries  count each reader page's database queries (bench/queries.py)"

$(VENV)/.python-ok:
	@if [ -z "$(PYTHON)" ]; then \
		echo "Newsroom needs Python 3.12 or newer and none was found on PATH."; \
		echo "Install one (for example 'pyenv install 3.13', or your system's python3.13 package),"; \
		echo "or name it: make PYTHON=/path/to/python3.13 $(MAKECMDGOALS)"; \
		exit 1; fi
	@if [ -x $(VPY) ] && ! $(VPY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
		echo "$(VENV) was made with an older Python; making it again with $(PYTHON)."; rm -rf $(VENV); fi
	@[ -x $(VPY) ] || { echo "Creating $(VENV) with $$($(PYTHON) --version)"; $(PYTHON) -m venv $(VENV); }
	@touch $@

# Reinstalled only when pyproject.toml changes, so the second run is quick.
$(VENV)/.installed: pyproject.toml | $(VENV)/.python-ok
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -e ".[dev]"
	@touch $@

run: $(VENV)/.installed
	@if [ "$${DJANGO_DEBUG:-1}" = "0" ]; then $(VPY) manage.py collectstatic --noinput -v0; fi
	@# Migrate, seed an empty site and make sure of an admin account, in one process;
	@# the account's box is shown again once the server and the worker have started.
	@# The web server and the task worker run together (Procfile); Ctrl-C stops both.
	@# NEWSROOM_TASKS=immediate runs tasks inside the request instead, with no worker.
	@ready="$$($(VPY) manage.py prepare_site)" || exit 1; echo "$$ready" | grep -v '^[|+]'; \
	admin="$$(echo "$$ready" | grep '^[|+]')"; \
	( for _ in $$(seq 150); do (exec 3<>/dev/tcp/$(HOST)/$(PORT)) 2>/dev/null && break; sleep 0.2; done; \
	  sleep 0.3; echo; echo "$$admin"; echo "  Newsroom: http://$(HOST):$(PORT)/   Ctrl-C stops it."; echo ) & \
	if [ "$${NEWSROOM_TASKS:-database}" = "immediate" ]; then \
		exec $(VPY) manage.py runserver $(HOST):$(PORT); \
	else \
		PATH="$(CURDIR)/$(VENV)/bin:$$PATH" HOST=$(HOST) PORT=$(PORT) \
			exec $(VENV)/bin/honcho start -f Procfile -p $(PORT); \
	fi

test: lint
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Style, the apps' import layers (pyproject.toml) and no model change without its migration.
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VPY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# wrk is a Debian package; installed here when we may, else a clear message.
bench: $(VENV)/.installed
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -q wrk >/dev/null; } \
		|| { echo "make bench needs wrk: sudo apt-get install wrk"; exit 1; }
	$(VPY) bench/throughput.py $(BENCH_ARGS)

bench-queries: $(VENV)/.installed
	$(VPY) bench/queries.py

clean-venv:
	rm -rf $(VENV)
