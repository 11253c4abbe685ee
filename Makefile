# Quick start: `make run` (sets up and runs the bot) and `make test` (sets up and runs every test).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: setup run test lint bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

setup: $(VENV)/.installed

run: setup
	$(BIN)/mlscope serve

lint: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest

bench: setup
	$(BIN)/python -m bench.ack_latency --requests 400
	$(BIN)/python -m bench.fanout
	$(BIN)/python -m bench.digest --sizes 100 1000 10000
	$(BIN)/python -m bench.memory --requests 10000

clean:
	rm -rf $(VENV) *.egg-info
