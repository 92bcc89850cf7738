# The same targets for developers and CI. `make run` and `make test` are all a new user needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install run serve setup test lint format check-migrations worker beat

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Set everything up on the embedded defaults (SQLite, tasks in-process) and serve on :8000.
run: setup serve

## The demo: migrate, seed, synthetic actuals, demo accounts (printed). Refused when DEBUG is off.
setup: install
	$(BIN)/python manage.py setup

## A server: migrate, the first administrator (WZSCI_ADMIN_USERNAME / WZSCI_ADMIN_PASSWORD, or
## asked for on a terminal), seed, collectstatic, progress. No demo account, no demo data.
.PHONY: setup-production
setup-production: install
	$(BIN)/python manage.py setup --production

## Offline install (README, "Offline install"): a wheel of every package wzsci needs, and the
## build tools of its own install, into wheelhouse/ — then, on a host with no package index,
## `pip install --no-index --find-links wheelhouse .`. WHEELHOUSE_EXTRAS=dev adds the test tools.
WHEELHOUSE        ?= wheelhouse
WHEELHOUSE_EXTRAS ?=
.PHONY: wheelhouse
wheelhouse: install
	mkdir -p $(WHEELHOUSE)
	rm -f $(WHEELHOUSE)/*.whl
	$(BIN)/pip wheel --quiet --wheel-dir $(WHEELHOUSE) \
		'.$(if $(WHEELHOUSE_EXTRAS),[$(WHEELHOUSE_EXTRAS)])' 'setuptools>=68' wheel
	rm -rf build
	@echo "wheelhouse: $$(ls $(WHEELHOUSE)/*.whl | wc -l) 个 wheel 文件，$$(du -sh $(WHEELHOUSE) | cut -f1)"

serve:
	@echo "wzsci 已启动：http://$(HOST):$(PORT)/  （演示账号见上方；Ctrl+C 停止）"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## Lint, migrations check and the whole test suite, on TEST_WORKERS pytest-xdist workers (one
## test database each; `auto`: one per core). Browser and `services` tests keep to one worker
## each (xdist groups, tests/conftest.py). A plain `pytest` runs in one process, as before.
TEST_WORKERS ?= auto

test: install lint check-migrations
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup

## ruff, and the import contracts of pyproject.toml ([tool.importlinter]; docs/dependencies.md).
lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-migrations:
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

# Without gossip, mingle and heartbeat (wzsci uses none of them): their restart after a broker
# restart is what failed ('NoneType' object has no attribute …, kombu 5.7). Should the worker
# still exit with an error or be killed, it is started again; stopped by SIGTERM or Ctrl-C (its
# warm shutdown, exit 143 or 130), it stays stopped.
WORKER_FLAGS = --loglevel=INFO --concurrency=2 --without-gossip --without-mingle --without-heartbeat
worker:
	@until $(BIN)/celery -A wzsci worker $(WORKER_FLAGS); do \
		status=$$?; case $$status in 130|143) exit 0;; esac; \
		echo "celery worker exited ($$status); starting it again in 5 s"; sleep 5; \
	done

beat:
	$(BIN)/celery -A wzsci beat --loglevel=INFO

## Dashboards benchmark: overview and indicator page server time on the national-scale
## synthetic data in PostgreSQL (BENCH_DATABASE_URL, default …/wzsci_bench); see BENCHMARKS.md.
.PHONY: bench-dashboards
bench-dashboards: install
	$(BIN)/python bench/bench_dashboards.py

## API benchmark: the status endpoint's median and p95 latency under 32 concurrent clients
## (gunicorn on 127.0.0.1), beside the raw floor of the same payload, on the national-scale
## synthetic data in PostgreSQL (BENCH_DATABASE_URL, default …/wzsci_bench); see BENCHMARKS.md.
.PHONY: bench-api
bench-api: install
	$(BIN)/python bench/bench_api.py

## First-visit benchmark: a leader's cold load of the overview in Chromium, bytes on the wire
## and time, with production static files (hashed, brotli/gzip) and without; see BENCHMARKS.md.
.PHONY: bench-first-visit
bench-first-visit: install
	$(BIN)/python bench/first_visit.py

## Progress engine benchmark: full recompute, its raw floor and one edited actual on the
## national-scale synthetic data in PostgreSQL (BENCH_DATABASE_URL, default …/wzsci_bench);
## see bench/README.md and BENCHMARKS.md.
.PHONY: bench-progress
bench-progress: install
	$(BIN)/python -m bench.bench_progress

## The English catalogue: collect every wrapped string into locale/en/LC_MESSAGES/django.po
## (new ones untranslated, changed ones fuzzy), then translate them and compile. tests/i18n fail
## while any entry is untranslated or fuzzy, or the compiled catalogue is stale.
MESSAGES_IGNORE = .venv/* bench/* wheelhouse/* staticfiles/* tests/* docs/* fixtures/* node_modules/*
.PHONY: messages compilemessages
messages:
	$(BIN)/python manage.py makemessages -l en --no-obsolete $(foreach p,$(MESSAGES_IGNORE),-i '$(p)')

compilemessages:
	$(BIN)/python manage.py compilemessages -l en
