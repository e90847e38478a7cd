# The two commands of the README's first screen, and a few more.
#   make run   creates .venv, installs newskg, builds exports/ from seeds/
#   make test  the whole test suite (what CI runs)
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
KG      = $(VENV)/bin/kg
SHARED ?= ../shared

.PHONY: run test eval bench lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(KG) build seeds/ -o exports/

test: $(VENV)/.installed
	$(PY) -m pytest

# Event extraction scored against the gold files (floors from the events issue).
eval: $(VENV)/.installed
	$(KG) build seeds/ -o $(VENV)/eval-seed --name seed
	$(KG) eval $(VENV)/eval-seed/seed.ttl tests/gold/000_*.yaml --min-precision 0.95 --min-recall 0.95
	$(KG) build $(SHARED)/corpus/dev -o $(VENV)/eval-dev --name dev
	$(KG) eval $(VENV)/eval-dev/dev.ttl $$(ls tests/gold/*.yaml | grep -v /000_) --shared $(SHARED) --min-precision 0.85 --min-recall 0.70
	@echo "held-out gold (reported, not enforced):"
	-$(KG) eval $(VENV)/eval-dev/dev.ttl tests/gold/heldout/*.yaml --shared $(SHARED)

bench: $(VENV)/.installed
	$(PY) bench/bench.py

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check kg tests

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
