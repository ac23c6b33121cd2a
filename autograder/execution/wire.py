"""Length-prefixed frames over the socket between the grader and its sandboxed worker."""

from __future__ import annotations

import socket
import struct
import time

from autograder.execution.codec import MAX_FRAME


class ChannelClosed(ConnectionError):
    """The other side closed the socket, sent an oversized frame, or missed its deadline."""


class ChannelTimeout(ChannelClosed):
    pass


def send_frame(sock: socket.socket, frame: bytes) -> None:
    sock.sendall(struct.pack(">Q", len(frame)) + frame)


def recv_frame(sock: socket.socket, deadline: float | None = None) -> bytes:
    """One whole frame, or ChannelTimeout once `deadline` (a perf_counter time) has passed."""
    (size,) = struct.unpack(">Q", _recv_exact(sock, 8, deadline))
    if size > MAX_FRAME:
        raise ChannelClosed(f"frame of {size} bytes exceeds the {MAX_FRAME}-byte limit")
    return _recv_exact(sock, size, deadline)


def _recv_exact(sock: socket.socket, size: int, deadline: float | None) -> bytes:
    chunks, left = [], size
    while left:
        if deadline is not None:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise ChannelTimeout("deadline passed")
            sock.settimeout(remaining)
        else:
            sock.settimeout(None)
        try:
            chunk = sock.recv(min(left, 1 << 20))
        except TimeoutError:
            raise ChannelTimeout("deadline passed") from None
        except OSError as exc:
            raise ChannelClosed(str(exc)) from None
        if not chunk:
            raise ChannelClosed("connection closed")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
