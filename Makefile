# Two commands on a fresh machine (Python >= 3.10, Node.js >= 18 for the test tools):
#   make generate   install sdkgen into .venv and generate the SDK from spec/ into generated/
#   make test       install the test tools and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: generate check validate test corpus
.DEFAULT_GOAL := generate

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

generate: $(STAMP)
	$(BIN)/sdkgen generate

check: $(STAMP)
	$(BIN)/sdkgen check

validate: $(STAMP)
	$(BIN)/sdkgen validate

test: $(STAMP) node_modules/.package-lock.json
	$(BIN)/python -m pytest

# The vendor corpus (../shared/corpus): every spec generated, imported, type-checked and its
# generated suite run against Prism, beside openapi-python-client; writes tests/corpus/RESULTS.md.
PEER := tests/corpus/.venv-peer
$(PEER)/.installed: tests/corpus/peer-requirements.txt bench/requirements.txt
	$(PYTHON) -m venv $(PEER)
	$(PEER)/bin/python -m pip install --quiet -r tests/corpus/peer-requirements.txt
	touch $@

corpus: $(STAMP) node_modules/.package-lock.json $(PEER)/.installed
	$(BIN)/python -m tests.corpus.runner
