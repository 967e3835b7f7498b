# Two commands matter (see README): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run demo test lint typecheck pytest locales bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

HAS_TOKEN := from bot.config import Settings as S; t = S().bot_token; raise SystemExit(not (t and t.get_secret_value().strip()))

# With a BOT_TOKEN (.env or environment): the bot on Telegram. Without one: the local demo.
run: $(STAMP)
	@test -f .env || cp .env.example .env
	@if $(BIN)/python -c '$(HAS_TOKEN)' 2>/dev/null; then $(BIN)/python -m bot run; \
	else $(BIN)/python -m bot demo; fi

demo: $(STAMP)
	@$(BIN)/python -m bot demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# Two workers: the machine has two cores and the end-to-end tests wait on child processes.
pytest: $(STAMP)
	$(BIN)/pytest -n 2

test: lint typecheck pytest

locales: $(STAMP)
	$(BIN)/pybabel extract -k _ -k __ -k N_ --no-location -o locales/messages.pot handlers bot services
	$(BIN)/pybabel update -i locales/messages.pot -d locales -D messages --no-fuzzy-matching
	$(BIN)/pybabel compile -d locales -D messages

bench: $(STAMP)
	$(BIN)/python -m bench.updates

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
