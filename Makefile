# RegWatch. `make help` lists the targets. Everything runs inside .venv, made on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.DEFAULT_GOAL := help

.PHONY: help run demo test bench lint format install db serve worker cron clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-9s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install RegWatch with its dev tools

db: $(STAMP) ## Create or migrate the database (regwatch db upgrade)
	$(BIN)/regwatch db upgrade

run: db ## Install, migrate, and run one full cycle against the live sources
	$(BIN)/regwatch run

demo: $(STAMP) ## Run the whole cycle offline; digests land in var/outbox/
	$(BIN)/python -m demo

test: $(STAMP) ## Run the test suite (service tests skip unless REGWATCH_TEST_* are set)
	$(BIN)/pytest $(PYTEST_ARGS)

bench: $(STAMP) ## Run the benchmarks and print a table of figures
	$(BIN)/python -m bench.run

lint: $(STAMP) ## ruff check, ruff format --check, mypy (strict on store/ alerts/ classifier/)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP) ## Reformat the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

serve: db ## Start the web app on http://127.0.0.1:8000
	$(BIN)/regwatch serve

worker: $(STAMP) ## Start an RQ worker (needs REGWATCH_REDIS_URL)
	$(BIN)/regwatch worker

cron: $(STAMP) ## Start the recurring schedule (needs REGWATCH_REDIS_URL)
	$(BIN)/regwatch cron

clean: ## Remove the virtualenv and local data
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
