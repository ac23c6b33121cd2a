"""The verbs every check file uses. Student objects are opaque: checks call them with plain
values and read what comes back; autograd and training go through these helpers."""

from autograder.checks.compare import (
    as_number,
    as_tensor,
    expect_close,
    expect_equal,
    expect_in_range,
    expect_scalar_close,
    expect_shape,
)
from autograder.checks.failure import CheckFailure, call, call_seeing_arguments, expect, require
from autograder.checks.gradients import (
    expect_gradients,
    grad_of,
    gradcheck,
    numerical_gradient,
    relative_error,
)
from autograder.checks.portable import build_where, code, probe
from autograder.checks.properties import (
    expect_affine,
    expect_dtype,
    expect_dtype_kept,
    expect_frequencies,
    expect_generator_obeyed,
    expect_permutation_equivariant,
    expect_unchanged,
    load_seeded_weights,
)
from autograder.checks.source import api_names, expect_not_using, source_of, time_call
from autograder.checks.training import (
    Budget,
    accuracy,
    budget,
    count_params,
    deterministic,
    device,
    expect_accuracy,
    forward,
    make_model,
    seed,
    seed_everything,
    train_classifier,
    training_loss,
)

__all__ = [
    "Budget", "CheckFailure", "accuracy", "as_number", "as_tensor", "budget", "build_where",
    "call", "call_seeing_arguments",
    "code", "count_params", "deterministic", "device", "expect", "expect_accuracy", "expect_close",
    "expect_equal", "expect_gradients", "expect_in_range", "expect_scalar_close", "expect_shape",
    "forward", "grad_of", "gradcheck", "make_model", "numerical_gradient", "probe",
    "relative_error",
    "require", "seed", "seed_everything", "source_of", "time_call", "train_classifier",
    "training_loss", "expect_not_using", "api_names",
    "expect_affine", "expect_dtype", "expect_dtype_kept", "expect_frequencies",
    "expect_generator_obeyed", "expect_permutation_equivariant", "expect_unchanged",
    "load_seeded_weights",
]
