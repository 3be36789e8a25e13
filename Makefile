# The two commands: `make run` (development server with demo content) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

# Development defaults; anything already in the environment wins.
DEV_ENV = DJANGO_DEBUG=$${DJANGO_DEBUG:-1} EMAIL_URL=$${EMAIL_URL:-console://}
# The suite runs on SQLite unless TEST_DATABASE_URL names another database.
TEST_ENV = DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-insecure-key-for-tests-only} \
	DATABASE_URL=$${TEST_DATABASE_URL:-sqlite:///db.sqlite3}

.PHONY: run test serve lint format bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py seed_demo
	$(DEV_ENV) $(BIN)/python manage.py ensure_admin
	@# The task worker (emails, spam reports) beside the server; stopped with it.
	$(DEV_ENV) $(BIN)/python manage.py db_worker & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

# Production-like: DEBUG off, hashed and compressed static files, gunicorn and the
# task worker.
# Needs DJANGO_SECRET_KEY in the environment.
serve: $(VENV)/.installed
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py db_worker & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		BLOG_RELEASE=$${BLOG_RELEASE:-$$(git rev-parse --short HEAD 2>/dev/null)} \
		$(BIN)/gunicorn config.wsgi -c gunicorn.conf.py --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-4}

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) staticfiles var/cache
