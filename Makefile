# Quick start: `make run` (sets up and runs the bot) and `make test` (sets up and runs every test).
# `make run` installs what running needs; `make test` adds the dev tools (pytest, ruff, import-linter, …).
# Each install leaves a stamp in the venv, so `make test` after `make run` adds only the dev tools,
# `make run` after `make test` installs nothing, and changing pyproject.toml installs again.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: setup setup-run setup-dev run test lint bench clean

$(VENV)/.installed-run: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-run
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

setup-run: $(VENV)/.installed-run

setup-dev: $(VENV)/.installed-dev

setup: setup-dev

run: setup-run
	$(BIN)/mlscope serve

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest -n auto  # every core: most tests wait on sockets and subprocesses

bench: setup-dev
	$(BIN)/python -m bench.ack_latency --requests 400
	$(BIN)/python -m bench.fanout
	$(BIN)/python -m bench.digest --sizes 100 1000 10000
	$(BIN)/python -m bench.memory --requests 10000
	$(BIN)/python -m bench.readings_api --rate 200 100 50

clean:
	rm -rf $(VENV) *.egg-info
