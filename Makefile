# Two entry points, both self-installing on a fresh machine (see README).
PYTHON ?= python3
STAMP := .make-installed

$(STAMP): pyproject.toml
	$(PYTHON) -m pip install -q -e '.[dev]'
	touch $(STAMP)

.PHONY: demo test lint install sandbox
install: $(STAMP)

# As root: what the full isolation path needs (see `autograder doctor`).
sandbox:
	apt-get update -qq && apt-get install -y -qq bubblewrap >/dev/null
	id grader-sandbox >/dev/null 2>&1 || useradd --system --no-create-home \
		--shell /usr/sbin/nologin grader-sandbox

demo: $(STAMP)
	autograder demo

test: $(STAMP)
	ruff check .
	$(PYTHON) -m pytest -q --durations=15
