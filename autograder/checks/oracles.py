"""Reference computations several exercises' checks compare student work with (grader side).

Each oracle is a plain function of tensors, written for clarity rather than speed, and tested
in `tests/test_oracles.py` against PyTorch's own modules where one exists."""

from __future__ import annotations
