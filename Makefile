# Lineout: `make run` starts the portal with demo data, `make test` runs every test.
# Both set up what they need first (virtualenv, translations, database) and are safe to re-run.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
STAMP := $(VENV)/.installed

.PHONY: setup run test bench messages makemessages clean

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
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

run: setup
	@$(PY) manage.py load_guidance
	@$(PY) manage.py seed_demo
	@echo "Lineout on http://$(HOST):$(PORT)/ with a Celery worker and beat. Ctrl-C stops all three."
	@HOST=$(HOST) PORT=$(PORT) $(PY) scripts/run_stack.py

test: $(STAMP) messages node_modules/.installed
	env $$($(PY) scripts/local_services.py) $(PY) -m pytest $(PYTEST_ARGS)

# The reminder dispatcher's rate, memory and query plans on PostgreSQL (a throwaway
# lineout_bench database); prints a report and writes var/bench-report.txt.
bench: $(STAMP) messages
	env $$($(PY) scripts/local_services.py) $(PY) -m bench.dispatch

# Refresh the .po files after changing translatable strings.
makemessages: $(STAMP)
	$(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=var \
		--ignore=staticfiles --ignore=tests --ignore=test-artifacts --ignore=node_modules --ignore=bench

clean:
	rm -rf var staticfiles .pytest_cache
