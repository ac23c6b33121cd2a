"""The errors a user can act on. The CLI reports these (exit 2); anything else is a bug in the
grader and shows its traceback (exit 3)."""


class AutograderError(Exception):
    """Base of every error the CLI reports as a message."""


class UsageError(AutograderError):
    """Arguments, inputs or files the user gave that cannot be used as given."""


class AuthoringError(AutograderError):
    """An exercise source (master, exercise.yaml, variant) that cannot be built or trusted."""
