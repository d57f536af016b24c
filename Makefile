# Lineout: `make run` starts the portal with demo data, `make test` runs every test.
# Both set up what they need first (virtualenv, translations, database) and are safe to re-run.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
# The one address every email's links start with: where `make run` serves, unless set.
SITE_URL ?= http://$(HOST):$(PORT)
STAMP := $(VENV)/.installed
# checkov (tests/test_k8s.py) conflicts with the app's pins, so it lives in a venv of its own.
TOOLS_VENV := .venv-tools
TOOLS_STAMP := $(TOOLS_VENV)/.installed

.PHONY: setup run test bench bench-pages messages makemessages clean

# The settings default to DEBUG off (production); these targets are development on this
# machine, so they turn it on for themselves and every command they run.
setup run test bench bench-pages makemessages: export DEBUG = true

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

$(TOOLS_STAMP): requirements-tools.txt
	@test -x $(TOOLS_VENV)/bin/python || $(PYTHON) -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-tools.txt
	@touch $@

# axe-core for the accessibility browser tests (skipped, or failed under CI, without it).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: accessibility tests will be skipped"; fi

messages: $(STAMP)
	@$(PY) scripts/compile_messages.py

setup: $(STAMP) messages
	@mkdir -p var/mail var/broker/processed
	@$(PY) manage.py migrate --no-input -v0
	@$(PY) manage.py createcachetable
	@$(PY) manage.py collectstatic --no-input -v0

run: export SITE_URL := $(SITE_URL)
run: setup
	@$(PY) manage.py load_guidance
	@$(PY) manage.py seed_demo
	@echo "Lineout on http://$(HOST):$(PORT)/ with a Celery worker and beat. Ctrl-C stops all three."
	@HOST=$(HOST) PORT=$(PORT) $(PY) scripts/run_stack.py

test: $(STAMP) $(TOOLS_STAMP) messages node_modules/.installed
	env $$($(PY) scripts/local_services.py) $(PY) -m pytest $(PYTEST_ARGS)

BENCH_CASES ?= 100000

# On PostgreSQL, in a throwaway lineout_bench database: the reminder dispatcher's rate,
# memory and query plans (var/bench-report.txt), then the pages under gunicorn and wrk
# (bench/results/). Both run; the status is 1 when either fails a check.
bench: $(STAMP) messages
	@status=0; \
	env $$($(PY) scripts/local_services.py) $(PY) -m bench.dispatch || status=1; \
	env $$($(PY) scripts/local_services.py) $(PY) -m bench.pages --cases $(BENCH_CASES) || status=1; \
	exit $$status

# The pages alone; `make bench-pages BENCH_CASES=1000` for a quick run (needs wrk).
bench-pages: $(STAMP) messages
	env $$($(PY) scripts/local_services.py) $(PY) -m bench.pages --cases $(BENCH_CASES)

# Refresh the .po files after changing translatable strings.
makemessages: $(STAMP)
	$(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=var \
		--ignore=staticfiles --ignore=tests --ignore=test-artifacts --ignore=node_modules --ignore=bench

clean:
	rm -rf var staticfiles .pytest_cache
