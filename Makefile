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

.PHONY: run test lint bench clean test-tools

run: $(APP_STAMP)
	$(BIN)/wristcare $(ARGS)

# The clinic and storage tests run once more from a far-off time zone: clinical dates are
# the clinic's, never the machine's. The wall time is printed whether the suite passed or
# not, so a slow change shows before it breaks CI's budget.
test: $(TEST_STAMP) test-tools
	$(BIN)/ruff check wristcare tests
	$(BIN)/ruff format --check wristcare tests
	$(BIN)/mypy
	@start=$$(date +%s); \
	$(BIN)/python -m pytest -n auto \
	&& TZ=Pacific/Kiritimati $(BIN)/python -m pytest -n auto tests/clinic tests/db -q -p no:cacheprovider; \
	status=$$?; seconds=$$(( $$(date +%s) - start )); \
	echo "suite wall time: $$(( seconds / 60 )) min $$(( seconds % 60 )) s"; \
	exit $$status

# Programs the suite runs besides Python: a throwaway PostgreSQL server (Debian's
# postgresql) and pdftoppm (poppler-utils), which renders PDF pages to images. Where one
# is missing and this account may install it (CI runs as root), it is installed;
# elsewhere its tests are skipped, and fail under CI=true.
test-tools:
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null \
	  || missing="postgresql"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing for the tests:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

lint: $(TEST_STAMP)
	$(BIN)/ruff check wristcare tests
	$(BIN)/ruff format --check wristcare tests
	$(BIN)/mypy

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
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache *.egg-info
