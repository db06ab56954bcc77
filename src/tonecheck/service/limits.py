"""Request guards that run before FastAPI parses a body: size limit and JSON content type.

They are plain ASGI middleware rather than FastAPI dependencies because a dependency only runs
after the whole body has been read and parsed, which is exactly the work a 50 MB upload should not
get. The size check trusts neither side: a ``Content-Length`` over the limit is refused at once,
and a chunked body is counted as it arrives and refused as soon as it passes the limit.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_BODY_METHODS = {"POST", "PUT", "PATCH"}


async def send_error(send: Send, status: int, error: str, message: str) -> None:
    """Answer with the service's error shape (see `schemas.ErrorResponse`)."""
    body = json.dumps(
        {"error": error, "message": message, "detail": []}, separators=(",", ":")
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _is_json(content_type: str | None) -> bool:
    if not content_type:
        return False
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


class RequestGuard:
    """Refuses oversized bodies (413) and non-JSON bodies on API routes (415).

    Requiring ``application/json`` also means a web page on another origin cannot make a browser
    post to a service on localhost without a CORS preflight, which this service never grants.
    """

    def __init__(
        self, app: ASGIApp, max_body_bytes: int, json_paths: frozenset[str] = frozenset()
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.json_paths = json_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        limit = self.max_body_bytes
        declared = _header(scope, b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await send_error(send, 400, "bad_request", "Content-Length is not a number")
                return
            if size > limit:
                await send_error(send, 413, "payload_too_large", _too_large(limit))
                return
        # Only the JSON endpoints; any other path or method gets its 404/405 from the router.
        if (
            scope.get("method") == "POST"
            and scope.get("path") in self.json_paths
            and not _is_json(_header(scope, b"content-type"))
        ):
            await send_error(
                send,
                415,
                "unsupported_media_type",
                "send the body as JSON with 'Content-Type: application/json'",
            )
            return

        # Read the body up front (it is at most `limit` bytes), then replay it to the app.
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > limit:
                await send_error(send, 413, "payload_too_large", _too_large(limit))
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _too_large(limit: int) -> str:
    return f"request body is larger than {limit:,} bytes (server setting: max_body_bytes)"
