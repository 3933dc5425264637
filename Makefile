# Two commands do everything on a fresh Debian machine: `make report` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: report test test-engines sample bench system-deps clean

$(STAMP): pyproject.toml
	@sh scripts/ensure-python-venv.sh "$(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

system-deps:
	@sh scripts/install-system-deps.sh

report: $(STAMP) system-deps
	$(VENV)/bin/reportgen build

test: $(STAMP) system-deps
	$(VENV)/bin/pytest -q -n auto --dist loadfile -m "not engines and not install"

# Slow, so apart from `make test`: Spark SQL in local mode (pyspark and a Java runtime), and the
# wheel installed in a fresh environment, building a report from another folder.
test-engines: $(STAMP) system-deps
	@sh scripts/install-java.sh
	$(PY) -m pip install --quiet -e '.[test,spark]'
	$(VENV)/bin/pytest -q -m "engines or install"

sample: $(STAMP)
	$(VENV)/bin/reportgen sample --out sample_data

bench: $(STAMP) system-deps
	$(PY) benchmarks/sentiment.py
	$(PY) benchmarks/comments.py
	$(PY) benchmarks/run.py
	$(PY) benchmarks/hostile.py
	$(PY) benchmarks/exports.py

clean:
	rm -rf $(VENV) output *.egg-info
