# The two commands of the README: `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP     := $(VENV)/.dev-installed

.PHONY: site test serve check export lint bench lock chromium clean

site: $(RUNTIME_STAMP)           ## read listings/, write pages, build site/
	$(BIN)/python -m generator build

test: $(DEV_STAMP) chromium      ## lint, then the whole test suite
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

serve: $(RUNTIME_STAMP)          ## preview on 127.0.0.1:8000, rebuilding on change
	$(BIN)/python -m generator serve

check: $(RUNTIME_STAMP)          ## parse every listing without building
	$(BIN)/python -m generator check listings

export: $(RUNTIME_STAMP)         ## the merged catalog as JSON Lines on stdout
	@$(BIN)/python -m generator export

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

SIZES ?= 1000 20000
bench: $(DEV_STAMP) chromium     ## build, size, rebuild and browser figures: make bench SIZES="1000 20000 50000"
	$(BIN)/python -m tests.bench $(SIZES)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt

$(RUNTIME_STAMP): requirements.txt constraints.txt pyproject.toml | $(VENV)/bin/python
	$(PIP) -r requirements.txt
	$(PIP) --no-deps -e .
	touch $@

$(DEV_STAMP): requirements-dev.txt package-lock.json $(RUNTIME_STAMP)
	$(PIP) -r requirements-dev.txt
	@command -v npm >/dev/null || { echo "npm is needed for the browser tests' axe-core (Debian: apt-get install npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

lock: $(DEV_STAMP)               ## re-pin constraints.txt to what is installed now
	{ sed -n '1,4p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e'; } > constraints.new
	mv constraints.new constraints.txt

chromium:                        ## Debian's Chromium for the browser tests, if missing
	@test -x /usr/bin/chromium || scripts/install-chromium

clean:
	rm -rf site .site-staging .site-old docs/papers docs/topics docs/archive docs/bib docs/feeds docs/index.md docs/feed.xml
