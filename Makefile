# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLASK := FLASK_APP=congress $(BIN)/flask
SYSTEM_PACKAGES := fonts-noto-cjk fonts-arphic-ukai libharfbuzz-subset0 poppler-utils zbar-tools chromium redis-server libicu-dev pkg-config
MO_FILES := $(patsubst %.po,%.mo,$(wildcard congress/translations/*/LC_MESSAGES/messages.po))

.PHONY: run test lint system-deps install translations db clean redis

run: install db
	$(FLASK) run --host 127.0.0.1 --port 5000

test: install redis
	$(BIN)/pytest $(PYTEST_ARGS)

# ruff with the rules in pyproject.toml (CI fails on any finding; `$(BIN)/ruff check --fix .`
# applies the safe fixes: import order, pyupgrade), then the import contracts (also a test).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

# The tests of the production rate-limit storage need a Redis server on 127.0.0.1:6379: start
# one (in memory, nothing on disk) unless one answers already.
redis:
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || \
	  redis-server --bind 127.0.0.1 --port 6379 --save '' --appendonly no --daemonize yes >/dev/null

# What the app needs from the system. Installs with apt-get as root; otherwise prints the
# exact command and stops.
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "Installing system packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends$$missing; \
	else \
	  echo "Missing system packages:$$missing"; \
	  echo "Install them with:  sudo apt-get install -y$$missing"; \
	  exit 1; \
	fi

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory system-deps
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,deploy]'
	touch $(STAMP)

install: $(STAMP) translations
	@$(MAKE) --no-print-directory system-deps

translations: $(MO_FILES)

congress/translations/%/LC_MESSAGES/messages.mo: congress/translations/%/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d congress/translations -l $*

# Migrate the embedded database and seed the demo meeting when it is empty.
db: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty

# Extract and merge messages after changing strings (maintainers only).
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -o congress/translations/messages.pot .
	$(BIN)/pybabel update -i congress/translations/messages.pot -d congress/translations --no-fuzzy-matching

clean:
	rm -rf $(VENV) instance .pytest_cache
