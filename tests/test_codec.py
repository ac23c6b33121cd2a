"""The codec between grader and sandbox: plain data round-trips; nothing else decodes."""

from __future__ import annotations

import json
import struct
from typing import Any

import numpy as np
import pytest
import torch

from autograder.checks import Budget, build_where, code
from autograder.execution.codec import (
    CodecError,
    Ref,
    decode_message,
    encode_message,
    trusted_reference,
)


def refuse(node: dict[str, Any], decode: Any) -> Any:
    raise CodecError("no references here")


def sandbox_reference(value: Any, encode: Any) -> dict[str, Any]:
    return {"$ref": 7, "type": type(value).__qualname__}


def roundtrip(value: Any) -> Any:
    header, decoded = decode_message(encode_message({"id": 1}, value, sandbox_reference), refuse)
    assert header["id"] == 1
    return decoded


def test_plain_values_roundtrip_with_their_types():
    value = {"a": [1, 2.5, None, True, "é"], (1, "k"): (float("nan"), float("-inf")),
             "t": torch.arange(6, dtype=torch.float64).reshape(2, 3),
             "s": torch.tensor(3.0), "b": torch.tensor([True, False]),
             "e": torch.empty(0, 4), "n": np.arange(4, dtype=np.int32), "g": np.float32(1.5),
             "dt": torch.float16, "dev": torch.device("cpu"), "sl": slice(1, None, 2),
             "el": Ellipsis, "size": torch.Size([2, 3])}
    got = roundtrip(value)
    assert got["a"] == [1, 2.5, None, True, "é"]
    nan, inf = got[(1, "k")]
    assert np.isnan(nan) and inf == float("-inf")
    assert torch.equal(got["t"], value["t"]) and got["t"].dtype == torch.float64
    assert got["s"].shape == () and float(got["s"]) == 3.0
    assert got["b"].tolist() == [True, False] and got["e"].shape == (0, 4)
    assert got["n"].dtype == np.int32 and got["n"].tolist() == [0, 1, 2, 3]
    assert isinstance(got["g"], np.float32)
    assert got["dt"] is torch.float16 and got["dev"] == torch.device("cpu")
    assert got["sl"] == slice(1, None, 2) and got["el"] is Ellipsis and got["size"] == (2, 3)


def test_tensor_from_the_sandbox_is_a_detached_copy():
    t = torch.ones(3, requires_grad=True) * 2
    got = roundtrip(t)
    assert not got.requires_grad and got.tolist() == [2.0, 2.0, 2.0]


def test_objects_that_are_not_plain_become_references():
    class Model:
        pass

    with pytest.raises(CodecError):  # the grader's decoder refuses what it did not ask for
        roundtrip([Model()])
    seen = []

    def as_ref(node: dict[str, Any], decode: Any) -> Ref:
        seen.append(node)
        return Ref(node["$ref"], node["type"])

    _, got = decode_message(encode_message({}, [Model()], sandbox_reference), as_ref)
    assert got == [Ref(7, "test_objects_that_are_not_plain_become_references.<locals>.Model")]


def frame(header: dict[str, Any], *buffers: bytes) -> bytes:
    head = json.dumps({**header, "buffers": [len(b) for b in buffers]}).encode()
    return struct.pack(">I", len(head)) + head + b"".join(buffers)


@pytest.mark.parametrize("header,buffers", [
    ({"value": {"$tensor": 0, "dtype": "float64", "shape": [3]}}, [b"\0" * 16]),  # size lies
    ({"value": {"$tensor": 1, "dtype": "float64", "shape": [1]}}, [b"\0" * 8]),  # no buffer 1
    ({"value": {"$tensor": 0, "dtype": "object", "shape": [1]}}, [b"\0" * 8]),
    ({"value": {"$ndarray": 0, "dtype": "O", "shape": [1]}}, [b"\0" * 8]),
    ({"value": {"$tensor": 0, "dtype": "uint8", "shape": [-1]}}, [b"\0"]),
    ({"value": {"$pickle": "gASVAAAA"}}, []),
    ({"value": {"$code": "lambda: 0", "bound": {}}}, []),  # only the grader sends code
    ({"value": {"$float": "1e308"}}, []),
    ({"value": {"$dict": [[[1, 2], 3]]}}, []),  # unhashable key
    ({"value": {}}, []),
], ids=["size", "index", "dtype", "ndarray-object", "shape", "pickle", "code", "float", "key",
        "empty"])
def test_malformed_or_hostile_frames_are_refused(header, buffers):
    with pytest.raises(CodecError):
        decode_message(frame(header, *buffers), refuse)


def test_trailing_bytes_and_deep_nesting_are_refused():
    with pytest.raises(CodecError):
        decode_message(frame({"value": 1}) + b"x", refuse)
    deep: Any = 0
    for _ in range(40):
        deep = [deep]
    with pytest.raises(CodecError):
        decode_message(frame({"value": deep}), refuse)


def test_the_grader_sends_only_data_references_code_and_budgets():
    budget = Budget("1.3", "relu", "cpu", "mnist", 1, 10, 5, 0.1, 0.5)
    encode_message({}, [Ref(3, "Net"), code("lambda x: x + k", k=torch.ones(2)), budget],
                   trusted_reference)
    with pytest.raises(CodecError):
        encode_message({}, lambda x: x, trusted_reference)
    with pytest.raises(CodecError):
        encode_message({}, torch.nn.Linear(1, 1), trusted_reference)


def test_code_runs_locally_as_a_lambda_or_a_def_block():
    assert code("lambda z: 3.0 - (z - c) ** 2", c=1.0)(1.0) == 3.0
    f = code("""
        def f(x):
            return F.relu(x) + k
    """, k=1)
    assert f(torch.tensor([-1.0, 2.0])).tolist() == [1.0, 3.0]


def test_build_where_builds_beside_the_anchor():
    class Session:
        def __init__(self):
            self.runs = []

        def run(self, factory, args, kwargs):
            self.runs.append((factory, args, kwargs))
            return "proxy"

    session = Session()

    class Proxy:
        _autograder_session_of = staticmethod(lambda proxy: session)

    factory = code("lambda n, bias: torch.nn.Linear(n, 1, bias=bias)")
    local = build_where(torch.nn.Linear(1, 1), factory, 3, bias=False)
    assert isinstance(local, torch.nn.Linear) and local.bias is None and not session.runs
    assert build_where(Proxy(), factory, 3, bias=False) == "proxy"
    assert session.runs == [(factory, (3,), {"bias": False})]
