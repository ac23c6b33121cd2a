"""Plain data by value across the trust boundary: a codec that cannot run code.

A message is a JSON header plus raw buffers. Values are JSON scalars, lists, and tagged objects
(`$tuple`, `$dict`, `$tensor`, `$ndarray`, …). Anything else is a reference: the sandbox side
sends `{"$ref": id}` for objects it keeps; the grader side may send back only such ids, trusted
`SandboxCode`, and `Budget`s. Decoding on the grader side builds nothing but builtins, tensors,
arrays and proxies, after checking every type, size and shape.
"""

from __future__ import annotations

import dataclasses
import json
import math
import struct
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from autograder.checks.portable import SandboxCode

MAX_FRAME = 512 * 1024 * 1024
MAX_HEADER = 32 * 1024 * 1024
MAX_DEPTH = 32
MAX_NDIM = 8
MAX_STR = 1_000_000
MAX_ITEMS = 10_000  # items one iteration of a sandbox object may yield

TENSOR_DTYPES = {str(d).removeprefix("torch."): d for d in (
    torch.float16, torch.bfloat16, torch.float32, torch.float64, torch.complex64,
    torch.complex128, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64,
    torch.bool)}
ARRAY_DTYPES = {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                "float16", "float32", "float64", "complex64", "complex128"}


class CodecError(ValueError):
    """A message that is not plain data of the expected shape."""


@dataclasses.dataclass(frozen=True)
class Ref:
    """An object that stays in the sandbox, named by its id there."""

    id: int
    type: str


def _tensor_bytes(t: torch.Tensor) -> bytes:
    t = t.detach().cpu().contiguous().reshape(-1)
    return t.view(torch.uint8).numpy().tobytes() if t.numel() else b""


class Encoder:
    """Turn a value into a JSON-able tree plus buffers. `reference` handles what is not plain
    (the sandbox registers the object; the grader refuses anything it did not receive)."""

    def __init__(self, reference: Callable[[Any, Callable[[Any], Any]], dict[str, Any]]):
        self.reference = reference
        self.buffers: list[bytes] = []

    def encode(self, value: Any, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise CodecError("value nested too deeply")
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, int) and not isinstance(value, np.integer):
            return int(value)
        if isinstance(value, float):
            value = float(value)
            return value if math.isfinite(value) else {"$float": repr(value)}
        if isinstance(value, str):
            return str(value)
        if value is Ellipsis:
            return {"$ellipsis": True}
        if isinstance(value, torch.Tensor) and value.layout == torch.strided \
                and str(value.dtype).removeprefix("torch.") in TENSOR_DTYPES:
            self.buffers.append(_tensor_bytes(value))
            return {"$tensor": len(self.buffers) - 1, "dtype": str(value.dtype)[6:],
                    "shape": list(value.shape)}
        if isinstance(value, np.ndarray) and value.dtype.name in ARRAY_DTYPES:
            self.buffers.append(np.ascontiguousarray(value).tobytes())
            return {"$ndarray": len(self.buffers) - 1, "dtype": value.dtype.name,
                    "shape": list(value.shape)}
        if isinstance(value, np.generic) and value.dtype.name in ARRAY_DTYPES:
            return {"$npscalar": self.encode(value.item(), depth + 1), "dtype": value.dtype.name}
        if isinstance(value, torch.dtype):
            return {"$dtype": str(value)[6:]}
        if isinstance(value, torch.device):
            return {"$device": str(value)}
        if isinstance(value, slice):
            return {"$slice": [self.encode(v, depth + 1)
                               for v in (value.start, value.stop, value.step)]}
        if isinstance(value, list):
            return [self.encode(v, depth + 1) for v in value]
        if isinstance(value, tuple) and not hasattr(value, "_fields") or \
                isinstance(value, torch.Size):
            return {"$tuple": [self.encode(v, depth + 1) for v in value]}
        if isinstance(value, dict):
            return {"$dict": [[self.encode(k, depth + 1), self.encode(v, depth + 1)]
                              for k, v in value.items()]}
        return self.reference(value, lambda v: self.encode(v, depth + 1))


def encode_message(header: dict[str, Any], value: Any,
                   reference: Callable[[Any, Callable[[Any], Any]], dict[str, Any]]) -> bytes:
    """One frame: [header length][header JSON][buffers…]; the header lists buffer sizes."""
    enc = Encoder(reference)
    body = {**header, "value": enc.encode(value), "buffers": [len(b) for b in enc.buffers]}
    head = json.dumps(body, ensure_ascii=False, allow_nan=False).encode("utf-8")
    return b"".join([struct.pack(">I", len(head)), head, *enc.buffers])


class Decoder:
    """Rebuild a value from a frame: builtins, tensors and arrays only, every size checked
    against its buffer. `resolve` handles the other tags: on the grader side a `$ref` becomes a
    proxy and anything else is refused; on the sandbox side `$ref`, `$code` and `$budget`."""

    def __init__(self, buffers: list[memoryview],
                 resolve: Callable[[dict[str, Any], Callable[[Any], Any]], Any]):
        self.buffers = buffers
        self.resolve = resolve

    def decode(self, node: Any, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise CodecError("value nested too deeply")
        if node is None or isinstance(node, bool | int | float):
            return node
        if isinstance(node, str):
            if len(node) > MAX_STR:
                raise CodecError("string too long")
            return node
        if isinstance(node, list):
            return [self.decode(v, depth + 1) for v in node]
        if not isinstance(node, dict) or len(node) == 0:
            raise CodecError("malformed value")
        if "$tuple" in node:
            return tuple(self.decode(v, depth + 1) for v in _list(node["$tuple"]))
        if "$dict" in node:
            pairs = [_pair(p) for p in _list(node["$dict"])]
            return {_key(self.decode(k, depth + 1)): self.decode(v, depth + 1) for k, v in pairs}
        if "$float" in node:
            if node["$float"] not in ("nan", "inf", "-inf"):
                raise CodecError("bad float")
            return float(node["$float"])
        if "$tensor" in node:
            dtype = TENSOR_DTYPES.get(node.get("dtype"))  # type: ignore[arg-type]
            if dtype is None:
                raise CodecError("tensor dtype not allowed")
            shape = _shape(node.get("shape"))
            raw = self._buffer(node["$tensor"], math.prod(shape) * dtype.itemsize)
            flat = torch.frombuffer(bytearray(raw), dtype=torch.uint8) if raw else \
                torch.empty(0, dtype=torch.uint8)
            return flat.view(dtype).reshape(shape).clone() if raw else \
                torch.empty(shape, dtype=dtype)
        if "$ndarray" in node:
            if node.get("dtype") not in ARRAY_DTYPES:
                raise CodecError("array dtype not allowed")
            dtype = np.dtype(node["dtype"])
            shape = _shape(node.get("shape"))
            raw = self._buffer(node["$ndarray"], math.prod(shape) * dtype.itemsize)
            return np.frombuffer(bytes(raw), dtype=dtype).reshape(shape).copy()
        if "$npscalar" in node:
            if node.get("dtype") not in ARRAY_DTYPES:
                raise CodecError("scalar dtype not allowed")
            inner = self.decode(node["$npscalar"], depth + 1)
            if not isinstance(inner, bool | int | float):
                raise CodecError("bad scalar")
            return np.dtype(node["dtype"]).type(inner)
        if "$dtype" in node:
            dtype = TENSOR_DTYPES.get(node["$dtype"])
            if dtype is None:
                raise CodecError("dtype not allowed")
            return dtype
        if "$device" in node:
            if not isinstance(node["$device"], str) or len(node["$device"]) > 32:
                raise CodecError("bad device")
            return torch.device(node["$device"])
        if "$slice" in node:
            parts = [self.decode(v, depth + 1) for v in _list(node["$slice"])]
            if len(parts) != 3 or not all(p is None or isinstance(p, int) for p in parts):
                raise CodecError("bad slice")
            return slice(*parts)
        if "$ellipsis" in node:
            return Ellipsis
        return self.resolve(node, lambda v: self.decode(v, depth + 1))

    def _buffer(self, index: Any, size: int) -> memoryview:
        if not isinstance(index, int) or isinstance(index, bool) or \
                not 0 <= index < len(self.buffers) or len(self.buffers[index]) != size:
            raise CodecError("buffer does not match its tensor")
        return self.buffers[index]


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise CodecError("expected a list")
    return value


def _pair(value: Any) -> tuple[Any, Any]:
    if not isinstance(value, list) or len(value) != 2:
        raise CodecError("expected a key/value pair")
    return value[0], value[1]


def _key(key: Any) -> Any:
    try:
        hash(key)
    except TypeError:
        raise CodecError("unhashable dict key") from None
    return key


def _shape(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list) or len(value) > MAX_NDIM or not all(
            isinstance(d, int) and not isinstance(d, bool) and 0 <= d < 2**31 for d in value):
        raise CodecError("bad shape")
    if math.prod(value) > MAX_FRAME:
        raise CodecError("tensor too large")
    return tuple(value)


def decode_message(frame: bytes, resolve: Callable[[dict[str, Any], Callable[[Any], Any]], Any]
                   ) -> tuple[dict[str, Any], Any]:
    """Split a frame into its header fields and its decoded value."""
    if len(frame) < 4:
        raise CodecError("truncated frame")
    (size,) = struct.unpack(">I", frame[:4])
    if size > MAX_HEADER or 4 + size > len(frame):
        raise CodecError("bad header length")
    try:
        header = json.loads(frame[4:4 + size].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise CodecError(f"header is not JSON: {exc}") from None
    if not isinstance(header, dict) or not isinstance(header.get("buffers"), list):
        raise CodecError("malformed header")
    view, offset, buffers = memoryview(frame), 4 + size, []
    for n in header["buffers"]:
        if not isinstance(n, int) or n < 0 or offset + n > len(frame):
            raise CodecError("buffer sizes do not add up")
        buffers.append(view[offset:offset + n])
        offset += n
    if offset != len(frame):
        raise CodecError("trailing bytes after the buffers")
    return header, Decoder(buffers, resolve).decode(header.get("value"))


def trusted_reference(value: Any, encode: Callable[[Any], Any]) -> dict[str, Any]:
    """Grader side: what may be sent into the sandbox besides plain data."""
    from autograder.checks.training import Budget

    if isinstance(value, Ref):
        return {"$ref": value.id}
    if isinstance(value, SandboxCode):
        return {"$code": value.source, "bound": encode(value.bound)}
    if isinstance(value, Budget):
        return {"$budget": encode(dataclasses.asdict(value))}
    ref = getattr(value, "_autograder_ref", None)
    if isinstance(ref, Ref):
        return {"$ref": ref.id}
    raise CodecError(f"a {type(value).__name__} cannot be sent into the sandbox")
