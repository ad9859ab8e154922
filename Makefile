# Two commands on a fresh machine: `make build` and `make test`.
# Both first run scripts/setup.sh, which installs only what is missing.
.PHONY: setup build test bench clean

setup:
	@scripts/setup.sh

build: setup
	.venv/bin/fanzha build

test: setup
	.venv/bin/python -m pytest

bench: setup
	.venv/bin/python benchmarks/bench_extract.py

clean:
	rm -rf output .pytest_cache
