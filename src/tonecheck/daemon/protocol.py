"""One message each way on a Unix stream socket: a 4-byte big-endian length, then JSON."""

from __future__ import annotations

import json
import socket
import struct
from typing import Any

from ..errors import TonecheckError

#: Largest message either side accepts (a check request holds at most ``max_chars`` text).
MAX_MESSAGE = 64 * 1024 * 1024
_HEADER = struct.Struct(">I")


class ProtocolError(TonecheckError, OSError):
    """The other side sent something that is not one well-formed message."""


def send(sock: socket.socket, payload: dict[str, Any]) -> None:
    data = json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")
    if len(data) > MAX_MESSAGE:
        raise ProtocolError(f"message of {len(data)} bytes is over the limit")
    sock.sendall(_HEADER.pack(len(data)) + data)


def _exactly(sock: socket.socket, size: int) -> bytes:
    chunks: list[bytes] = []
    left = size
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            raise ProtocolError("connection closed mid-message")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def receive(sock: socket.socket) -> dict[str, Any]:
    (size,) = _HEADER.unpack(_exactly(sock, _HEADER.size))
    if size > MAX_MESSAGE:
        raise ProtocolError(f"message of {size} bytes is over the limit")
    try:
        payload = json.loads(_exactly(sock, size).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ProtocolError(f"not JSON: {exc}") from None
    if not isinstance(payload, dict):
        raise ProtocolError("not a JSON object")
    return payload
