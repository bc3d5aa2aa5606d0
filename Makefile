# Scout's habits: `make run`, `make test`, `make lint`, `make bench`. Each sets itself up on first use.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run test lint bench chromium setup deploy validate clean

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	@touch $(STAMP)

setup: $(STAMP) chromium

# Chromium: the SCOUT_X_WEB__BROWSER_PATH setting, else Debian's, else install Debian's (as root), else Playwright's own.
chromium: $(STAMP)
	@if [ -n "$$SCOUT_X_WEB__BROWSER_PATH" ] && [ -x "$$SCOUT_X_WEB__BROWSER_PATH" ]; then \
		echo "chromium: $$SCOUT_X_WEB__BROWSER_PATH"; \
	elif [ -x /usr/lib/chromium/chromium ]; then \
		echo "chromium: /usr/lib/chromium/chromium"; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else \
		$(PY) -m playwright install chromium; \
	fi

run: setup
	$(VENV)/bin/scout run

test: setup
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check scout_core flows tasks ml deployments tests

validate: $(STAMP)
	$(PY) -m deployments.validate

deploy: $(STAMP)
	$(PY) -m deployments.work_pool && $(PY) -m deployments.blocks && $(VENV)/bin/prefect --no-prompt deploy --all

clean:
	rm -rf data .pytest_cache
