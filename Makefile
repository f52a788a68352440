# Seawatch — the two commands of the README, and a few helpers.
# `make run`  : create .venv, install, start broker + worker + API + simulator (Ctrl-C stops all)
# `make test` : create .venv, install, run the whole test suite

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test install lint bench-geo bench-stream clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	@$(VENV)/bin/seawatch run

test: $(STAMP)
	@$(PY) -m pytest -q

lint: $(STAMP)
	@$(VENV)/bin/ruff check geo services streams infra tests bench
	@$(VENV)/bin/mypy geo services streams infra

bench-geo: $(STAMP)
	@$(PY) bench/geofence.py

bench-stream: $(STAMP)
	@$(PY) bench/stream.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache test-artifacts
