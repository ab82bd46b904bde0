# Gouden Poort: `make run` serves the site, `make test` runs every test.
# Needs only Python 3.11+ and the system package manager; everything else is installed here.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install browser html-checker check-html lint format messages check-deploy worker beat \
        bench-intake bench-catalogue bench-funding bench-imports bench-insights bench-load bench-api clean

$(BIN)/uv:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	@$(PYTHON) -m venv $(VENV) || { \
	  echo "Python's venv module is missing; installing it with the system package manager"; \
	  apt-get install -y python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade uv

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml uv.lock | $(BIN)/uv
	UV_PROJECT_ENVIRONMENT=$(VENV) $(BIN)/uv sync --frozen --inexact --python $(BIN)/python
	@touch $@

# The browser tests drive Debian's Chromium; Playwright's own browser download is never used.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

# The Nu Html Checker: Java from the system package manager, vnu-jar from npm at the version
# pinned in package.json and package-lock.json (the jar is in the package; its download script
# is not run).
VNU := node_modules/vnu-jar/build/dist/vnu.jar

html-checker: $(VNU)
	@command -v java >/dev/null 2>&1 || { \
	  echo "Installing Java for the Nu Html Checker"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-jre-headless; }

$(VNU): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "Installing npm for the Nu Html Checker"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm; }
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

# Every public page, in every state the tests reach, through the checker in one Java run
# (tests/poort/front/test_valid_html.py; make test runs it with the rest).
check-html: install html-checker
	$(BIN)/pytest tests/poort/front/test_valid_html.py -q -p no:randomly

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput -v0
	$(MANAGE) seed_demo
	$(MANAGE) runserver $(HOST):$(PORT)

test: install browser html-checker
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(MANAGE) makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Extracts every msgid, fills Dutch from locale/nl/django.po and the fragments in
# locale/fragments/*.po, and compiles. Needs GNU gettext (apt-get install gettext);
# the compiled .mo files are committed, so running the site does not need it.
messages: install
	$(MANAGE) makemessages -l nl -l en --ignore=.venv --ignore=staticfiles --ignore=tests --no-obsolete
	@if ls locale/fragments/*.po >/dev/null 2>&1; then \
	  msgcat --use-first locale/fragments/*.po -o /tmp/poort-compendium.po && \
	  msgmerge --quiet --no-fuzzy-matching --compendium /tmp/poort-compendium.po \
	    -o locale/nl/LC_MESSAGES/django.po /dev/null locale/nl/LC_MESSAGES/django.po; fi
	$(MANAGE) compilemessages --ignore=.venv

check-deploy: install
	DEBUG=0 SECRET_KEY=$${SECRET_KEY:-check-deploy-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')} \
	  ALLOWED_HOSTS=$${ALLOWED_HOSTS:-goudenpoort.example} $(MANAGE) check --deploy --fail-level WARNING

worker: install
	$(BIN)/celery -A poort worker --loglevel=INFO

beat: install
	$(BIN)/celery -A poort beat --loglevel=INFO

bench-intake: install
	$(BIN)/python bench/intake.py

bench-funding: install
	$(BIN)/python bench/funding.py

bench-catalogue: install
	$(BIN)/python bench/catalogue.py

bench-imports: install
	$(BIN)/python bench/imports.py

bench-insights: install
	$(BIN)/python bench/insights.py

# The public API over the catalogue bench's 200,000 courses (its database, built when missing).
bench-api: install
	$(BIN)/python bench/api.py

# Locust comes from the uv group "bench" (make install leaves it out); wrk from apt when missing
# (without it the yardstick falls back to locust). ARGS=--quick: a 30-second run.
bench-load: install
	UV_PROJECT_ENVIRONMENT=$(VENV) $(BIN)/uv sync --frozen --inexact --group bench --python $(BIN)/python
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "Installing wrk for the load test"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y -qq wrk || echo "wrk could not be installed: locust measures instead"; }
	$(BIN)/python bench/load.py $(ARGS)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
