# Two commands on a fresh machine: `make run` and `make test` (python3 and make only).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Tests run in this many processes (pytest-xdist). Most of a Pilot test is waiting (for
# the disk, a poll, a timer), so two share 2 cores well: 6.5 min against 12-13 serial.
TEST_WORKERS ?= 2

.PHONY: run test lint typecheck format bench wheel-check clean

# The venv is rebuilt when missing or broken, and reinstalled when pyproject.toml changes.
ifeq ($(shell $(BIN)/python -c 'print(1)' 2>/dev/null),)
.PHONY: $(STAMP)
endif
$(STAMP): pyproject.toml
	@$(BIN)/python -c '' 2>/dev/null || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	@$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	@$(BIN)/companion $(ARGS)

test: $(STAMP) typecheck
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	TEXTUAL_ANIMATIONS=none $(BIN)/python -m pytest -q -n $(TEST_WORKERS)

# mypy sees the package as it installs: screens/ and content/ inside companion/.
typecheck: $(STAMP)
	@rm -rf build/typecheck && mkdir -p build/typecheck/companion
	@for f in companion/*; do ln -s "$(CURDIR)/$$f" build/typecheck/companion/; done
	@ln -s "$(CURDIR)/screens" build/typecheck/companion/screens
	@ln -s "$(CURDIR)/content" build/typecheck/companion/content
	cd build/typecheck && $(CURDIR)/$(BIN)/mypy --config-file $(CURDIR)/pyproject.toml -p companion

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build dist *.egg-info
