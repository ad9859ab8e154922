# Two commands on a fresh machine: `make build` and `make test`.
# Both first run scripts/setup.sh, which installs only what is missing.
.PHONY: setup build test quick lint bench clean

setup:
	@scripts/setup.sh

build: setup
	.venv/bin/fanzha build

# The linters, then every test (browser, OCR and whole builds included): what CI runs.
test: setup lint
	.venv/bin/python -m pytest

# The edit loop: every test but the slow ones (browser, OCR, whole builds), in under a minute.
quick: setup
	.venv/bin/python -m pytest -m "not slow"

lint: setup
	.venv/bin/ruff check .
	.venv/bin/mypy

bench: setup
	.venv/bin/python benchmarks/bench_extract.py

clean:
	rm -rf output .pytest_cache
