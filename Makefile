# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run frontend test-frontend test test-fast lint messages fuzz fuzz-edge loadtest typecheck-client typecheck-python-client mutation benchmark bench bench-search bench-images venv clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

run: venv
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_demo_content
	@echo ""
	@echo "  API:      http://127.0.0.1:$(PORT)/api/v1/articles/"
	@echo "  API docs: http://127.0.0.1:$(PORT)/api/docs/"
	@echo "  Admin:    http://127.0.0.1:$(PORT)/admin/"
	@echo "  Demo login: admin / demo-password (also author, reviewer, publisher, reviewer-es)"
	@echo "  Task worker: webhooks and scheduled go-lives (restarted if it dies; Ctrl-C stops it with the server)"
	@echo ""
	DJANGO_DEBUG=1 PYTHON=$(BIN)/python PORT=$(PORT) \
	RENDITIONS_URL=$${RENDITIONS_URL:-http://127.0.0.1:$(PORT)/media/renditions/} scripts/serve.sh

test: venv
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The reference frontend (frontend/README.md) beside `make run`'s API: Node 20+, served on FRONTEND_PORT.
FRONTEND_PORT ?= 4321

frontend:
	cd frontend && npm ci --omit=dev --no-audit --no-fund && npm run build
	@echo ""
	@echo "  Frontend: http://127.0.0.1:$(FRONTEND_PORT)/ (reading $${CMS_API_URL:-http://127.0.0.1:$(PORT)})"
	@echo ""
	cd frontend && CMS_API_URL=$${CMS_API_URL:-http://127.0.0.1:$(PORT)} PORT=$(FRONTEND_PORT) \
	PUBLIC_URL=$${PUBLIC_URL:-http://127.0.0.1:$(FRONTEND_PORT)} npm start

# Its tests: a Django server with the demo content on a temporary database, the frontend against it, over HTTP.
test-frontend: venv
	cd frontend && npm ci --ignore-scripts --no-audit --no-fund && npm test

# The fast local loop: every test but those marked slow (processes, servers, seconds each) or browser (Chromium),
# in TEST_FAST_WORKERS processes with pytest-xdist (0: in this one). `make test`, which CI runs, runs them all.
TEST_FAST_WORKERS ?= 2

test-fast: venv
	$(BIN)/python -m pytest -m "not slow and not browser" -n $(TEST_FAST_WORKERS) $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/mypy core articles publishing references media webhooks manage_api
	$(BIN)/lint-imports
	$(BIN)/python manage.py check --settings=config.settings_test
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=config.settings_test

# The admin's catalogues of our strings (locale/, docs/translations.md): extract what the code marks for translation
# into each language's .po (new strings untranslated, gone ones dropped), then compile the .mo Django reads. Both are
# committed; tests/core/test_catalogue.py fails on an untranslated, fuzzy or missing string, or a stale .mo. Needs GNU
# gettext (Debian's gettext: xgettext, msgmerge, msgfmt).
ADMIN_LANGUAGES ?= es

messages: venv
	$(BIN)/python manage.py makemessages $(foreach language,$(ADMIN_LANGUAGES),-l $(language)) --settings=config.settings_test
	$(BIN)/python manage.py compilemessages $(foreach language,$(ADMIN_LANGUAGES),-l $(language)) --settings=config.settings_test

# schemathesis with every check against a real server on loopback (scripts/fuzz.sh; FUZZ_SECONDS bounds it).
fuzz: venv
	PYTHON=$(BIN)/python scripts/fuzz.sh

# The hostile requests of issue 21 (Markdown built to backtrack, chunked, oversize and deeply nested bodies, a
# rotating X-Forwarded-For, an over-long address) against gunicorn: each a fast, specific answer (scripts/fuzz_edge.py).
fuzz-edge: venv
	PYTHON=$(BIN)/python $(BIN)/python scripts/fuzz_edge.py

# Public reads with management writes and publishes over real HTTP; fails on any 5xx or lost write
# (scripts/loadtest.py; LOADTEST_SECONDS, LOADTEST_DATABASE_URL for an empty PostgreSQL database).
loadtest: venv
	PYTHON=$(BIN)/python $(BIN)/python scripts/loadtest.py

# Strict-mode TypeScript written against the types openapi-typescript generates from the schema.
typecheck-client: venv
	PYTHON=$(BIN)/python clients/typescript/check.sh

# mypy --strict over Python written against the client openapi-python-client generates from the schema (the generator
# and mypy pinned in clients/python/requirements.txt, in their own venv: clients/python/check.sh).
typecheck-python-client: venv
	PYTHON=$(BIN)/python clients/python/check.sh

benchmark: venv
	$(BIN)/python scripts/benchmark_api.py

# The read path under load (wrk, gunicorn, production settings) beside a bare Django view, at 1k and 100k
# articles on SQLite and PostgreSQL; writes benchmarks/RESULTS.md (scripts/bench.py; BENCH_* to narrow it).
bench: venv
	PYTHON=$(BIN)/python $(BIN)/python scripts/bench.py

# Images (issue 25 part 3): upload to renditions of 12-megapixel photos, the worker's memory, refusing a PNG bomb and a
# Search and suggestions alone (issue 28): each kind of search at 1k and 100k on both databases, alone with the
# cache off (the miss path) and under load, and what readers type; writes benchmarks/RESULTS-search.md.
bench-search: venv
	BENCH_WORKLOADS=search-routes,searches BENCH_DATABASES=sqlite,postgresql BENCH_RESULTS=benchmarks/RESULTS-search.md \
		PYTHON=$(BIN)/python $(BIN)/python scripts/bench.py

# 1 GB declared body over HTTP, and serving a rendition against a static file (wrk); writes benchmarks/RESULTS-images.md.
bench-images: venv
	$(BIN)/python benchmarks/images.py

# Mutation testing of the services, the lifecycle table, the selectors and the querysets ([tool.mutmut] in
# pyproject.toml; survivors and why they are equivalent: docs/mutation.md). Some 2,500 mutants: several hours on 2
# cores from scratch; a later run re-runs only the functions that changed (scripts/mutation_targeted.py continues one).
MUTMUT_CHILDREN ?= 2

mutation: venv
	$(BIN)/mutmut run --max-children $(MUTMUT_CHILDREN)
	$(BIN)/mutmut results
	$(BIN)/mutmut export-cicd-stats
	@cat mutants/mutmut-cicd-stats.json

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles mutants
