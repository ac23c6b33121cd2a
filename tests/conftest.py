"""Shared fixtures. Tests use the default data root (prepared once, offline, then reused)."""

from __future__ import annotations

import pytest

from autograder import exercises


@pytest.fixture(scope="session")
def catalogue() -> tuple[exercises.Exercise, ...]:
    return exercises.catalogue()
