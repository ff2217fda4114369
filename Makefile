# The book's everyday commands. `make` alone lists them.
GO       ?= go
CH       ?= ch01-blocking
DEMO     ?=
ARGS     ?=
COUNT    ?= 50
# Race-enabled binaries otherwise sleep a second before exiting (GORACE atexit_sleep_ms).
export GORACE ?= atexit_sleep_ms=0
CHAPTERS := $(sort $(wildcard ch0*-*))

.PHONY: help run tour check test race ci bench compare crosscheck update lint flake measure site pdf serve
help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

run: ## run a demo: make run CH=ch01-blocking DEMO=go ARGS='-delay 1s'
	$(GO) run ./$(CH) $(DEMO) $(ARGS)

tour: ## run every demo of every chapter with its short durations (-quick)
	@set -e; for ch in $(CHAPTERS); do echo "== go run ./$$ch all -quick"; $(GO) run ./$$ch all -quick; done

check: ## check one exercise: make check EX=ch01-blocking/exercises/1-nonblocking
	@test -n "$(EX)" || { echo 'usage: make check EX=chNN-topic/exercises/N-name'; exit 2; }
	$(GO) test -count=1 -v ./$(EX)

test: ## run every test (the README's command)
	$(GO) test ./...

race: ## run every test under the race detector
	$(GO) test -race ./...

ci: ## what CI runs: gofmt, vet, staticcheck, listings, lesson lint, tests, race, Python, exercises
	bash .ci/run

lint: ## gofmt, go vet, staticcheck and the lesson lint (Mermaid too, after npm install)
	@test -z "$$(gofmt -l .)" || { gofmt -l .; exit 1; }
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
	$(GO) run ./internal/cmd/lessonlint

bench: ## run every benchmark once, briefly
	$(GO) test -run '^$$' -bench . -benchtime 200ms ./...

compare: ## Python and Go, every round published, then the second harness (about 5 min on 2 idle cores): rewrites docs/benchmarks.md
	$(GO) run ./internal/cmd/regen docs/benchmarks.md
	$(GO) run ./internal/cmd/regen -match 'docs/benchmarks.md' $(wildcard ch0*/README.md)

crosscheck: ## only the second harness against docs/benchmarks.md's table (a minute or more): rewrites its block
	$(GO) run ./internal/cmd/regen -match '.ci/crosscheck' docs/benchmarks.md

update: ## rewrite the golden transcripts (exact sections only) and the lessons' code listings
	UPDATE_GOLDEN=1 $(GO) test -run 'TestScripts|Timeline' ./...
	$(GO) tool embedmd -w $(wildcard ch0*/README.md)

measure: ## rerun the measurements quoted in the lessons and README.md, and rewrite their blocks
	$(GO) run ./internal/cmd/regen docs/benchmarks.md
	$(GO) run ./internal/cmd/regen $$(grep -l '<!-- regen:' ch0*/README.md docs/*.md README.md 2>/dev/null | grep -v '^docs/benchmarks.md$$')

flake: ## determinism check: every golden and unit test COUNT (50) times under -race
	$(GO) test -race -count=$(COUNT) ./...

SITE_NPM := internal/cmd/site/node_modules/mermaid/dist/mermaid.min.js
PORT     ?= 8000

# Mermaid's browser bundle, at the version package-lock.json pins (npm ci; once, and again
# after the lock changes).
$(SITE_NPM): internal/cmd/site/package.json internal/cmd/site/package-lock.json
	cd internal/cmd/site && npm ci --no-audit --no-fund
	@touch $@

site: $(SITE_NPM) ## the book as a static, offline site in _site/ (open _site/index.html)
	$(GO) run ./internal/cmd/site -out _site

pdf: $(SITE_NPM) ## the whole book as one PDF, book.pdf, printed by headless Chromium
	$(GO) run ./internal/cmd/site -out _site -pdf book.pdf

serve: $(SITE_NPM) ## build the site and serve it on 127.0.0.1: make serve PORT=8000
	$(GO) run ./internal/cmd/site -out _site -serve -port $(PORT)
