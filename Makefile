# Two commands on a fresh machine (Python >= 3.10, Node.js >= 18 for the test tools):
#   make generate   install sdkgen into .venv and generate the SDK from spec/ into generated/
#   make test       install the test tools and run the whole test suite
#   make property   the property test of valid documents at length (randomized, many batches)
#   make test-slow  the long runs kept out of it (pytest -m slow: the full official spec, mypy)
#   make corpus     the ten vendor specs of ../shared/corpus end to end, beside the peer (RESULTS.md)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: generate check validate test test-slow property corpus
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

# Hypothesis writes valid OpenAPI documents; every one must generate, import and pass
# mypy --strict. CI runs a few derandomized batches; this runs many, new ones each time.
PROPERTY_EXAMPLES ?= 50
PROPERTY_BATCH ?= 8
property: $(STAMP)
	SDKGEN_PROPERTY_RANDOM=1 SDKGEN_PROPERTY_EXAMPLES=$(PROPERTY_EXAMPLES) SDKGEN_PROPERTY_BATCH=$(PROPERTY_BATCH) \
		$(BIN)/python -m pytest -x -p no:cacheprovider tests/robustness/test_valid_documents.py
test-slow: $(STAMP) node_modules/.package-lock.json
	$(BIN)/python -m pytest -m slow

# The vendor corpus (../shared/corpus): every spec generated, imported, type-checked and its
# generated suite run against Prism, beside openapi-python-client; writes tests/corpus/RESULTS.md.
PEER := tests/corpus/.venv-peer
$(PEER)/.installed: tests/corpus/peer-requirements.txt bench/requirements.txt
	$(PYTHON) -m venv $(PEER)
	$(PEER)/bin/python -m pip install --quiet -r tests/corpus/peer-requirements.txt
	touch $@

corpus: $(STAMP) node_modules/.package-lock.json $(PEER)/.installed
	$(BIN)/python -m tests.corpus.runner
