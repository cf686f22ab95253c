# storykit — the project's commands. Every target sets up what it needs first.
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ADDR   ?= 127.0.0.1:8000
# the engine of make serve / make build: mkdocs, or ENGINE=properdocs for ProperDocs
ENGINE ?= mkdocs

.PHONY: install serve build publish check fix test bench lint format schema clean lighthouse import import-score bench-publish bench-hanzi

install: $(STAMP) $(VENV)/pagefind/VERSION node_modules/.installed

# Re-run pip only when the dependency files change; the stamp keeps `make install` idempotent.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[test]"
	touch $(STAMP)

# Pagefind's newest release (1.6) is on the npm registry only: fetched with Python and checked
# against the registry's integrity (tools/fetch-pagefind.py); without it PyPI's 1.5 indexes.
$(VENV)/pagefind/VERSION: tools/fetch-pagefind.py $(STAMP)
	$(BIN)/python tools/fetch-pagefind.py --venv $(VENV)

# From the npm registry: the preview's form editor (Sveltia CMS, served at /admin/ by
# `make serve` only) and test-only browser tools (axe-core, the Nu Html Checker, a QR decoder).
# Without npm the editor and the tests that need these say so and skip.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && touch $@; \
	else echo "note: npm not found; accessibility, HTML and QR checks will be skipped"; fi

# `mkdocs serve --dirty` and `mkdocs build --strict`, speaking Chinese (see hooks/run.py)
serve: install
	$(BIN)/python hooks/run.py serve --engine $(ENGINE) --dev-addr $(ADDR)

build: install
	$(BIN)/python hooks/run.py build --engine $(ENGINE)

# Build, then upload what changed: make publish TO=s3://存储桶/路径 (or sftp://…, a folder),
# or make publish ZIP=文件.zip; ARGS="--dry-run" lists what would change. Keys: see docs/guide/publish.md.
publish: install
	@test -n "$(TO)$(ZIP)" || { echo '请写明发布到哪里，例如 make publish TO=s3://存储桶/路径，或 make publish ZIP=网站.zip'; exit 2; }
	$(BIN)/python hooks/run.py build --engine $(ENGINE)
	$(BIN)/storykit publish $(if $(TO),--to "$(TO)",--zip "$(ZIP)") $(ARGS)

check: install
	$(BIN)/storykit check

# Full-width ：　，“” typed with a Chinese input method where YAML needs ASCII, repaired in place.
fix: install
	$(BIN)/storykit fix

# Articles (.txt .md .html .docx, or folders of them) as draft records: make import FILE="a.docx b.html"
import: install
	@test -n "$(FILE)" || { echo '请写明要导入的文件，例如 make import FILE=文章.docx'; exit 2; }
	$(BIN)/storykit import $(FILE) $(ARGS)

schema: install
	$(BIN)/storykit schema

test: install
	bash tools/ensure-chromium.sh
	bash tools/ensure-nginx.sh
	$(BIN)/ruff check hooks tests tools
	$(BIN)/python -m pytest

# 1,000 and 10,000 records against stock MkDocs + Material; make bench ARGS="--records 1000 10000 100000"
bench: install
	$(BIN)/python -m tools.bench $(ARGS)

# storykit publish to rclone's S3 server on loopback: first, unchanged, one record changed
bench-publish: install
	$(BIN)/python -m tools.bench.publish $(ARGS)

# What 繁體 costs: the site's table and the phone's conversion, beside converting at build time
bench-hanzi: install
	$(BIN)/python -m tools.bench.hanzi $(ARGS)

# How close `import --kind auto` comes to hand-written answers on the real articles in
# ../shared/articles (a measure, not a test): make import-score ARGS="--corpus DIR --detail"
import-score: install
	$(BIN)/python -m tools.importscore $(ARGS)

# Lighthouse's mobile scores for three pages of the sample site (tooling, not a test);
# its own npm install, with a Node.js it supports. `make lighthouse ARGS=folder` for a built site.
lighthouse: install
	@test tools/lighthouse/node_modules/.installed -nt tools/lighthouse/package-lock.json || \
	  (cd tools/lighthouse && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && touch node_modules/.installed)
	$(BIN)/python tools/lighthouse/audit.py $(ARGS)

lint: install
	$(BIN)/ruff check hooks tests tools
	$(BIN)/ruff format --check hooks tests tools

format: install
	$(BIN)/ruff format hooks tests tools
	$(BIN)/ruff check --fix hooks tests tools

clean:
	rm -rf site site.building site.old* .cache
