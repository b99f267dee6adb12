# Two commands do all set-up on a fresh machine with Python 3.11+ and make:
#   make run   - the academy with demo data on http://127.0.0.1:8000 (SQLite, Celery eager)
#   make test  - the whole test suite on SQLite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
# Every command names its settings: only manage.py would default to development, and
# the web server, worker and beat refuse to start without DJANGO_SETTINGS_MODULE.
DEV := DJANGO_SETTINGS_MODULE=academy.settings.dev

.PHONY: run test test-tools install migrate demo worker beat lint format e2e clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

# The OpenID provider the single sign-on tests start (tests/idp/oidc), from its lock file.
OIDC_IDP := tests/idp/oidc
OIDC_STAMP := $(OIDC_IDP)/node_modules/.installed-stamp
$(OIDC_STAMP): $(OIDC_IDP)/package.json $(OIDC_IDP)/package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js 20+) is needed for the single sign-on tests: apt-get install nodejs npm" >&2; exit 1; }
	cd $(OIDC_IDP) && npm ci --no-audit --no-fund --silent
	touch $(OIDC_STAMP)

# The SAML identity provider the tests start signs with the xmlsec1 program.
test-tools: $(OIDC_STAMP)
	@command -v xmlsec1 >/dev/null || { echo "xmlsec1 is needed for the single sign-on tests: apt-get install xmlsec1" >&2; exit 1; }

install: $(STAMP)

migrate: install
	$(DEV) $(BIN)/python manage.py migrate --noinput

demo: migrate
	$(DEV) $(BIN)/python manage.py load_demo_data

run: demo
	$(DEV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# With CELERY_BROKER_URL set, `make run` sends tasks to these instead of running them.
worker: install
	$(DEV) $(BIN)/celery -A academy worker --loglevel INFO

beat: install
	$(DEV) $(BIN)/celery -A academy beat --loglevel INFO

# pytest exits 5 when it collected no tests: that is a failure, never a pass.
# Tests run in parallel, one process per core (TEST_WORKERS=0 runs them in one).
TEST_WORKERS ?= auto
test: install test-tools
	DJANGO_SETTINGS_MODULE=academy.settings.test \
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "No tests were collected: failing." >&2; exit 1; fi; \
	exit $$rc

lint: install
	$(BIN)/lint-imports --no-logo
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 media .artifacts staticfiles
