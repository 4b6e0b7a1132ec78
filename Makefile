# The two commands: `make run` and `make test`. Everything lives in .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  ?= .newsdesk
QUESTION ?= Who met Trump's chief of staff?
HOST   ?= 127.0.0.1
PORT   ?= 8000
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install install-test install-gguf chromium run test unit eval-gate eval-gate-benchmarks lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# torch first and pinned: 2.13.0 is a CPU wheel on this disk; an unpinned torch pulls CUDA builds.
install: $(BIN)/python
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e .

install-test: $(BIN)/python
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test]'
	@$(MAKE) --no-print-directory chromium

# The browser test drives Debian's chromium (Playwright never downloads a browser). Installed when
# missing and apt-get can (root); never fails the build: without it that test skips and says why.
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		(apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium) \
			>/dev/null 2>&1 || echo "chromium: apt-get install failed; the browser test will skip"; \
	else echo "chromium: not installed and apt-get unavailable; the browser test will skip"; fi

# Optional: llama.cpp for --llm FILE.gguf. Built without AVX-512/AMX kernels: the native build
# crashes in decode on this machine's CPU (llama-cpp-python 0.3.36). Takes ~8 minutes.
install-gguf: install
	CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX512=OFF -DGGML_AMX_INT8=OFF" \
		$(BIN)/pip install -q --no-cache-dir -e '.[gguf]'

run: install
	$(BIN)/newsdesk --store $(STORE) ingest samples
	$(BIN)/newsdesk --store $(STORE) ask "$(QUESTION)"
	$(BIN)/newsdesk --store $(STORE) serve --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/pytest -q
	$(MAKE) eval-gate

# The CI gate: answer quality on our own sample set, follow-ups in conversations (`convo` half a;
# half b stays held out) and both dev splits must not regress.
# Floors sit just below the values measured when they were last raised (see README). Verdicts are
# read from the evidence only (issue 11): the No side fell from 0.608 (when some questions were
# decided by their wording, a rule fitted to dev questions) to 0.549, and its floor with it.
# The dev splits live in ../shared/benchmarks (not shipped): a clone without them gates on the
# sample set only and says so; CI (CI=true) always has them, and fails if they are missing.
BENCHMARKS := ../shared/benchmarks
eval-gate:
	$(BIN)/newsdesk eval --set sample --fail-under \
		answer_accuracy=0.99 citation_precision=1.0 abstention_recall=1.0 abstention_precision=1.0
	$(BIN)/newsdesk eval --set convo --half a --fail-under answer_accuracy=0.66
	@if [ ! -d $(BENCHMARKS) ] && [ "$$CI" != "true" ]; then \
		echo "eval-gate: $(BENCHMARKS) not present, rgb-dev and multihop-dev gates skipped"; \
	else $(MAKE) --no-print-directory eval-gate-benchmarks; fi

eval-gate-benchmarks:
	$(BIN)/newsdesk eval --set rgb-dev --fail-under \
		answer_accuracy=0.84 hit_at_1=0.72 mrr_at_10=0.78 evidence_recall_at_10=0.70
	$(BIN)/newsdesk eval --set multihop-dev --fail-under \
		answer_accuracy=0.72 all_evidence_at_10=0.84 verdict_accuracy_yes=0.60 \
		verdict_accuracy_no=0.52 abstention_recall=0.90 abstention_precision=0.94

lint: install-test
	$(BIN)/ruff check qa ingest evals newsdesk tests benchmarks
	$(BIN)/ruff format --check qa ingest evals newsdesk tests benchmarks
	$(BIN)/mypy qa ingest evals newsdesk

bench: install
	$(BIN)/pip install -q -e '.[bench]'
	$(BIN)/python benchmarks/ingest_bench.py
	$(BIN)/python benchmarks/ask_latency.py
	$(BIN)/python benchmarks/encoder_fidelity.py

clean:
	rm -rf $(VENV) $(STORE)
