# The two commands: `make run` (app on SQLite with demo data) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CATALOG := webapp/translations/zh_Hans_CN/LC_MESSAGES/messages
PORT   ?= 5000

.PHONY: setup run test lint bench worker clean

$(STAMP): pyproject.toml scripts/install-system-deps.sh
	bash scripts/install-system-deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The compiled Chinese catalog is not in git (a fresh clone has none) and must follow every change
# of the .po: without it Flask-Babel silently shows English.
$(CATALOG).mo: $(CATALOG).po | $(STAMP)
	$(BIN)/pybabel -q compile -d webapp/translations

# The designers' modeler (bpmn-js, dmn-js) is installed from the lock file and bundled into
# webapp/static/build/ (never committed); npm ci leaves node_modules/.package-lock.json behind.
node_modules/.package-lock.json: package-lock.json | $(STAMP)
	npm ci --no-audit --no-fund
MODELER := webapp/static/build/modeler.js
$(MODELER): node_modules/.package-lock.json .bpmnlintrc $(wildcard webapp/modeler/*.mjs webapp/modeler/src/* webapp/modeler/src/*/*)
	node webapp/modeler/build.mjs

setup: $(STAMP) $(CATALOG).mo $(MODELER)

# The worker (timers, reminders, roster imports left half-done) runs beside the server and stops
# with it, so the demo needs no second command. The server is gunicorn (two processes), as in
# production, not Flask's development server.
run: setup
	$(BIN)/yijiao upgrade-db
	$(BIN)/yijiao seed-demo
	$(BIN)/yijiao worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile - 'webapp:create_app()'

# In parallel on every core; the 15 slowest tests are printed at the end.
test: setup lint
	$(BIN)/pytest -n auto --durations=15

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(BIN)/python -m tests.benchmarks.engine_cycle
	$(BIN)/python -m tests.benchmarks.inbox_query
	$(BIN)/python -m tests.benchmarks.documents
	$(BIN)/python -m tests.benchmarks.documents_xlsx
	$(BIN)/python -m tests.benchmarks.roster_import
	$(BIN)/python -m tests.benchmarks.dashboard_query
	$(BIN)/python -m tests.benchmarks.programme_scale
	$(BIN)/python -m tests.benchmarks.load
	$(BIN)/python -m tests.benchmarks.certification

worker: setup
	$(BIN)/yijiao worker

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
