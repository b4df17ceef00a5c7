# The portal's everyday commands. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help venv lock run demo test lint format check messages bench smoke loadtest backup restore clean

help: ## Show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.lock pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed (python3.11, python3.12 …)."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	@touch $@

venv: $(BIN)/.installed ## Create or update the virtualenv from requirements.lock

lock: ## Re-resolve pyproject.toml's ranges (with dev extras) into requirements.lock
	rm -rf var/lock-venv && $(PYTHON) -m venv var/lock-venv
	var/lock-venv/bin/python -m pip install --quiet --upgrade pip
	var/lock-venv/bin/python -m pip install --quiet ".[dev]"
	{ echo "# Pinned versions of every dependency (runtime and dev). Regenerate with: make lock"; \
	  var/lock-venv/bin/python -m pip freeze --exclude public-spaces-portal; } > requirements.lock
	rm -rf var/lock-venv build *.egg-info

demo: venv ## Migrate, set up the site tree and load the demo content (idempotent)
	$(MANAGE) migrate --noinput
	$(MANAGE) setup_portal
	$(MANAGE) load_demo_content

run: demo ## Serve the demo portal at http://127.0.0.1:8000/ (and publish scheduled pages every minute)
	@echo ""
	@echo "  Portal:  http://$(HOST):$(PORT)/  (/ru/ and /en/)"
	@echo "  Admin:   http://$(HOST):$(PORT)/admin/  (demo logins above, password portal-demo)"
	@echo ""
	$(MANAGE) run_portal $(HOST):$(PORT)

test: venv ## Run the test suite (PostgreSQL if DATABASE_URL/TEST_DATABASE_URL names one, else SQLite)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: venv ## ruff check, format check, the import contracts (pyproject.toml) and bandit
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/bandit --quiet --recursive --severity-level high portal home news resources

format: venv ## Format and autofix with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: venv ## Django checks, pending migrations, deploy check under production settings
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=portal.settings.production SECRET_KEY=check-only-$$RANDOM-not-a-real-key-0123456789abcdefghij \
		ALLOWED_HOSTS=example.org DATABASE_URL=$${DATABASE_URL:-sqlite:///$(CURDIR)/var/check.sqlite3} \
		WAGTAILADMIN_BASE_URL=https://example.org MEDIA_ROOT=$(CURDIR)/var/media \
		$(MANAGE) check --deploy --fail-level WARNING

messages: venv ## Update and compile the interface translations (locale/)
	$(MANAGE) makemessages --locale ru --locale en --no-location --ignore '.venv/*' --ignore 'var/*'
	$(MANAGE) makemessages -d djangojs --locale ru --no-location --ignore '.venv/*' --ignore 'var/*' --ignore 'portal/static/vendor/*'
	$(MANAGE) compilemessages --ignore '.venv/*'

bench: venv ## Serve a 10,000-item corpus under gunicorn and measure every page with wrk (PostgreSQL)
	$(BIN)/python deploy/bench.py $(BENCH_ARGS)

smoke: venv ## Deploy the checkout as production does (PostgreSQL, gunicorn, worker) and crawl it
	$(BIN)/python deploy/smoke.py $(SMOKE_ARGS)

loadtest: venv ## 50 readers for 2 minutes against production-like gunicorn (wrk): p95, errors, memory
	$(BIN)/python deploy/loadtest.py $(LOADTEST_ARGS)

backup: venv ## Back up the database and media into var/backups/portal-…/ (or BACKUP_DIR=…)
	$(MANAGE) backup_portal $(if $(BACKUP_DIR),--output "$(BACKUP_DIR)")

restore: venv ## Restore a backup into an empty database and media folder: BACKUP=var/backups/portal-…
	@test -n "$(BACKUP)" || { echo "Name the backup to restore: make restore BACKUP=var/backups/portal-YYYYMMDD-HHMMSS"; exit 1; }
	$(MANAGE) restore_portal "$(BACKUP)"

clean: ## Remove the virtualenv and local data (var/)
	rm -rf $(VENV) var/db.sqlite3* var/media var/static var/test.sqlite3 var/bench-media var/bench-static
