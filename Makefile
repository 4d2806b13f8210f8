# AlphaHost: `make run` (the main job) and `make test` each do every set-up step they need.
# GPU machines: make build TORCH_BACKEND=cuda (TorchSharp's CUDA packages; README "GPU").

SHELL := /bin/bash
.DEFAULT_GOAL := build
CONFIG ?= Release
TORCH_BACKEND ?= cpu
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
# chromium: headless checks that every chart of report.html renders (tests only).
# g++ and patchelf: TorchSharp's native library on Debian 12 (sdk/Debian12/README.md).
# redis-server: the membership store of `--cluster` runs; the cluster tests start their own.
APT_PACKAGES := g++ patchelf make sqlite3 chromium tmux redis-server
# npm ci writes this file; newer than the lock file means node_modules is up to date.
JS_STAMP := node_modules/.package-lock.json
DOTNET_FLAGS := -c $(CONFIG) -nologo -v quiet -clp:NoSummary -p:TorchBackend=$(TORCH_BACKEND)

.PHONY: deps js build run test bench compare futures-study minute-study clean

# Installs only the Debian packages that are missing, so a second run costs a second.
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "apt: installing$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# Chart libraries (vega, vega-lite, vega-embed) that report.html inlines; the host build copies them to bin/vega/.
js: $(JS_STAMP)

$(JS_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: report.html needs node/npm to install its chart libraries"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

build: deps js
	dotnet build AlphaHost.sln $(DOTNET_FLAGS)
	@test -x bin/alphahost

run: build
	bin/alphahost run --out runs/default $(RUN_ARGS)

# The console logger at "minimal" prints a failing test's message and stack (quiet prints only its name).
test: build
	dotnet test AlphaHost.sln $(DOTNET_FLAGS) --no-build --logger "console;verbosity=minimal"

# Every model under one rolling protocol (docs/model-comparison.json) → docs/model-comparison.md (about 2 h with --threads 1; the doc lists each row's time).
compare: build
	bin/alphahost compare --config docs/model-comparison.json --seed 7 --out runs/compare --doc docs/model-comparison.md

# MLP without / with asset embeddings / with embeddings + combo rows on a synthetic futures market → docs/futures-embeddings.md (minutes).
futures-study: build
	bin/alphahost compare --config docs/futures-embeddings.json --models mlp_plain,mlp_embed,mlp_embed_combos --seed 7 --out runs/futures-embeddings --doc docs/futures-embeddings.md

# Minute vs daily pictures on one small market with intraday bars (docs/minute-study.json): one table, each row its own picture.
minute-study: build
	bin/alphahost compare --config docs/minute-study.json --models gru_attention_daily,gru_attention_minute,transformer_minute --seed 7 --out runs/minute-study --doc docs/minute-study.md

bench: build
	dotnet run --project bench/AlphaHost.Bench.csproj -c $(CONFIG) -- $(BENCH_ARGS)

clean:
	rm -rf build bin runs
	find . -name obj -type d -prune -exec rm -rf {} + ; find . -name bin -type d -prune -exec rm -rf {} +
