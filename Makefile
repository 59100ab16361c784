# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
# The default Python keeps `.venv` (so `make run` and `.venv/bin/wristcare` work); any other
# gets its own folder, so `make test PYTHON=python3.12` never mixes two Pythons in one venv.
ifeq ($(PYTHON),python3)
VENV ?= .venv
else
VENV ?= .venv-$(notdir $(PYTHON))
endif
BIN := $(VENV)/bin
APP_STAMP := $(VENV)/.installed-app
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint bench clean postgresql-server

run: $(APP_STAMP)
	$(BIN)/wristcare $(ARGS)

# The clinic and storage tests run once more from a far-off time zone: clinical dates are
# the clinic's, never the machine's.
test: $(TEST_STAMP) postgresql-server
	$(BIN)/ruff check wristcare tests
	$(BIN)/ruff format --check wristcare tests
	$(BIN)/python -m pytest -n auto
	TZ=Pacific/Kiritimati $(BIN)/python -m pytest -n auto tests/clinic tests/db -q -p no:cacheprovider

# The PostgreSQL tests start a throwaway server of their own from Debian's postgresql
# package. Where it is missing and this account may install it (CI runs as root), it is
# installed; elsewhere those tests are skipped (and fail under CI=true).
postgresql-server:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null \
	    && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing PostgreSQL for the tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	fi

lint: $(TEST_STAMP)
	$(BIN)/ruff check wristcare tests
	$(BIN)/ruff format --check wristcare tests

bench: $(TEST_STAMP)
	$(BIN)/python -m pytest tests/bench -p no:cacheprovider

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "WristCare needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(APP_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(APP_STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
