# Two entry points, both self-installing on a fresh machine (see README).
PYTHON ?= python3
STAMP := .make-installed

$(STAMP): pyproject.toml
	$(PYTHON) -m pip install -q -e '.[dev]'
	touch $(STAMP)

.PHONY: demo test lint install
install: $(STAMP)

demo: $(STAMP)
	autograder demo

test: $(STAMP)
	ruff check .
	$(PYTHON) -m pytest -q
