"""The FastAPI application: `create_app(config)` returns an ASGI app that uvicorn serves.

Design choices, and why:

* **One Checker per worker process, built in the lifespan.** Building one takes seconds (spaCy,
  rule packs); a check then takes milliseconds. uvicorn's ``--workers N`` starts N processes,
  each with its own Checker, so CPU-bound checks use N cores without sharing anything.
* **Checks run on one thread per worker**, off the event loop, so a slow message never blocks
  the loop that answers ``/healthz`` and parses the next requests. One thread, not the shared
  threadpool: a Checker runs one check at a time anyway (spaCy is not thread-safe), and under
  the GIL a CPU-bound check gains nothing from more threads, while threads queued on the same
  lock cost switching time on every request. Waiting requests wait on the loop instead, and
  the tests compare concurrent and sequential reports byte for byte.
* **Bad input is a 4xx with one JSON shape** (`ErrorResponse`), never a 500: validation errors
  are 422 with the path of each bad field, malformed JSON is 400, a body over the limit is 413,
  a non-JSON body is 415, a missing or wrong token is 401. Error bodies never echo the message
  text back, because collection messages hold personal data.
* **No page or script from elsewhere.** FastAPI's Swagger and ReDoc pages load from a CDN, so
  they are turned off; ``/docs`` serves Swagger UI from an installed package instead
  (`apidocs.py`), ``/openapi.json`` stays, and the playground at ``/`` is self-contained.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException as StarletteHTTPException

from .._version import __version__
from ..config import Config
from ..engine.checker import Checker
from ..errors import TonecheckError
from ..models import Report
from ..rulebook.schema import Requirement, Rule
from .apidocs import install_api_docs
from .limits import RequestGuard
from .playground import PLAYGROUND_HEADERS, PLAYGROUND_HTML
from .schemas import (
    CheckBatchRequest,
    CheckBatchResponse,
    CheckRequest,
    ErrorResponse,
    Health,
    RewriteResponse,
    RuleInfo,
    RulesResponse,
)

log = logging.getLogger("tonecheck.service")

#: Environment variables read by `ServiceSettings.from_env` (and so by every uvicorn worker).
ENV_TOKEN = "TONECHECK_API_TOKEN"
ENV_CONFIG = "TONECHECK_CONFIG"
ENV_MAX_BATCH = "TONECHECK_MAX_BATCH"
ENV_MAX_BODY = "TONECHECK_MAX_BODY_BYTES"

DEFAULT_MAX_BATCH = 100
DEFAULT_MAX_BODY_BYTES = 1_000_000


class APIError(TonecheckError):
    """A client error raised by an endpoint; turned into an `ErrorResponse`."""

    def __init__(
        self, status: int, error: str, message: str, headers: dict[str, str] | None = None
    ):
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message
        self.headers = headers


@dataclass(frozen=True)
class ServiceSettings:
    """Limits and auth of one server. The config of the checks themselves is `Config`."""

    max_batch: int = DEFAULT_MAX_BATCH
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    token: str | None = None

    def __post_init__(self) -> None:
        if self.max_batch < 1:
            raise ValueError("max_batch must be at least 1")
        if self.max_body_bytes < 1:
            raise ValueError("max_body_bytes must be at least 1")
        if self.token is not None and not self.token.strip():
            raise ValueError(f"{ENV_TOKEN} is set but empty; unset it to turn auth off")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> ServiceSettings:
        """Settings from the environment: how ``tonecheck serve`` hands them to each worker, and
        how a deployment passes the token without putting it on a command line."""
        env = dict(os.environ if environ is None else environ)

        def number(name: str, default: int) -> int:
            raw = env.get(name, "").strip()
            if not raw:
                return default
            try:
                return int(raw.replace("_", ""))
            except ValueError:
                raise ValueError(f"{name} must be a whole number, not {raw!r}") from None

        token = env.get(ENV_TOKEN)
        return cls(
            max_batch=number(ENV_MAX_BATCH, DEFAULT_MAX_BATCH),
            max_body_bytes=number(ENV_MAX_BODY, DEFAULT_MAX_BODY_BYTES),
            token=token if token else None,
        )


_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "Malformed JSON"},
    401: {"model": ErrorResponse, "description": "Missing or wrong bearer token"},
    413: {"model": ErrorResponse, "description": "Body or batch over the server's limit"},
    415: {"model": ErrorResponse, "description": "Body is not JSON"},
    422: {
        "model": ErrorResponse,
        "description": "A field is missing, of the wrong type or out of range",
    },
}


def create_app(config: Config | None = None, settings: ServiceSettings | None = None) -> FastAPI:
    """Build the app. ``config=None`` uses the nearest ``tonecheck.toml`` (as the library does);
    ``settings=None`` reads limits and the token from the environment."""
    settings = settings or ServiceSettings.from_env()
    config = config if config is not None else Config.discover()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Built once per worker process, before the first request is accepted.
        checker = Checker(config)
        app.state.checker = checker
        app.state.rules = _rules(checker)
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tonecheck-check")
        app.state.check_pool = pool
        # One line per worker on stderr whatever the log level: building a Checker takes
        # seconds, and operators (and the load tests) need to know when every worker is ready.
        print(
            f"tonecheck serve: worker {os.getpid()} ready ({checker.rule_count} rules, "
            f"packs {', '.join(checker.packs)})",
            file=sys.stderr,
            flush=True,
        )
        try:
            yield
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    app = FastAPI(
        title="tonecheck",
        version=__version__,
        description="Checks the tone of debt-collection messages: respect, clarity, empathy and "
        "transparency, with explained findings and rewrite suggestions. Findings are risk "
        "signals, not legal conclusions.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    _install_error_handlers(app)

    guards: list[Any] = []
    if settings.token is not None:
        guards.append(Depends(_token_guard(settings.token)))

    def checker_of(request: Request) -> Checker:
        checker: Checker = request.app.state.checker
        return checker

    async def on_check_thread(request: Request, work: Callable[[], Any]) -> Any:
        pool: ThreadPoolExecutor = request.app.state.check_pool
        return await asyncio.get_running_loop().run_in_executor(pool, work)

    def check_route(path: str, response_model: Any, summary: str) -> Callable[..., Any]:
        """The check routes answer the same errors behind the same guards."""
        return app.post(
            path,
            response_model=response_model,
            responses=_ERRORS,
            dependencies=guards,
            summary=summary,
            tags=["check"],
        )

    @check_route("/v1/check", Report, "Check one message")
    async def check(body: CheckRequest, request: Request) -> Response:
        checker = checker_of(request)
        payload = await on_check_thread(
            request, lambda: _run(checker, body, None).model_dump_json()
        )
        return Response(payload, media_type="application/json")

    @check_route(
        "/v1/check-batch",
        CheckBatchResponse,
        f"Check several messages (at most {settings.max_batch} per request)",
    )
    async def check_batch(body: CheckBatchRequest, request: Request) -> Response:
        count = len(body.messages)
        if count > settings.max_batch:
            raise APIError(
                413,
                "batch_too_large",
                f"the batch has {count} messages; the limit is {settings.max_batch} per request "
                "(server setting: max_batch)",
            )
        checker = checker_of(request)
        reports = await on_check_thread(
            request,
            lambda: [
                _run(checker, item, i).model_dump_json() for i, item in enumerate(body.messages)
            ],
        )
        return Response('{"reports":[' + ",".join(reports) + "]}", media_type="application/json")

    @check_route("/v1/rewrite", RewriteResponse, "Check one message and return the revised text")
    async def rewrite(body: CheckRequest, request: Request) -> RewriteResponse:
        checker = checker_of(request)
        text = await on_check_thread(request, lambda: _run(checker, body, None).rewrite())
        return RewriteResponse(text=text)

    @app.get(
        "/v1/rules",
        response_model=RulesResponse,
        responses={401: _ERRORS[401]},
        dependencies=guards,
        summary="The rules this server applies",
        tags=["rules"],
    )
    async def rules(request: Request) -> RulesResponse:
        result: RulesResponse = request.app.state.rules
        return result

    @app.get("/healthz", response_model=Health, summary="Liveness and limits", tags=["health"])
    async def healthz(request: Request) -> Health:
        checker = checker_of(request)
        return Health(
            version=__version__,
            packs=checker.packs,
            rules=checker.rule_count,
            max_batch=settings.max_batch,
            max_body_bytes=settings.max_body_bytes,
            max_chars=checker.config.max_chars,
            auth=settings.token is not None,
        )

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    async def playground() -> HTMLResponse:
        return HTMLResponse(PLAYGROUND_HTML, headers=PLAYGROUND_HEADERS)

    install_api_docs(app)

    json_paths = frozenset({"/v1/check", "/v1/check-batch", "/v1/rewrite"})
    app.add_middleware(RequestGuard, max_body_bytes=settings.max_body_bytes, json_paths=json_paths)
    return app


def create_app_from_env() -> FastAPI:
    """The factory uvicorn calls in each worker (``--factory``): config file from
    ``TONECHECK_CONFIG``, limits and token from the environment."""
    path = os.environ.get(ENV_CONFIG)
    config = Config.from_file(Path(path)) if path else None
    return create_app(config)


def _run(checker: Checker, body: CheckRequest, index: int | None) -> Report:
    """Call the checker, turning its documented input errors into 422s."""
    try:
        return body.to_call().run(checker)
    except (TypeError, ValueError) as exc:
        where = "text" if index is None else f"messages[{index}]"
        raise APIError(422, "invalid_request", f"{where}: {exc}") from None


def _rules(checker: Checker) -> RulesResponse:
    ruleset = checker.resources.ruleset
    config = checker.config
    entries: list[tuple[Rule | Requirement, str]] = [(rule, rule.kind) for rule in ruleset.rules]
    entries += [(req, "requirement") for req in ruleset.requirements]
    items = [
        RuleInfo(
            id=entry.id,
            pack=entry.pack,
            kind=kind,
            dimension=entry.dimension,
            category=entry.category,
            severity=config.severity.get(entry.id, entry.severity),
            message=entry.message,
            reference=entry.reference,
            channels=list(entry.channels),
            stages=list(entry.stages),
            enabled=not config.is_disabled(entry.id),
        )
        for entry, kind in entries
    ]
    return RulesResponse(packs=list(ruleset.packs), rules=items)


_BEARER = HTTPBearer(auto_error=False, description=f"The token in {ENV_TOKEN} on the server")
BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)]


def _token_guard(token: str) -> Callable[..., Awaitable[None]]:
    expected = token.encode("utf-8")

    async def guard(credentials: BearerCredentials) -> None:
        given = credentials.credentials.encode("utf-8") if credentials is not None else b""
        # compare_digest takes time independent of where the strings differ.
        if credentials is None or not hmac.compare_digest(given, expected):
            raise APIError(
                401,
                "unauthorized",
                "send 'Authorization: Bearer <token>'",
                headers={"WWW-Authenticate": "Bearer"},
            )

    return guard


def _error(
    status: int,
    error: str,
    message: str,
    detail: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = ErrorResponse.model_validate(
        {"error": error, "message": message, "detail": detail or []}
    )
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, APIError)
        return _error(exc.status, exc.error, exc.message, headers=exc.headers)

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = list(exc.errors())
        if any(e.get("type") == "json_invalid" for e in errors):
            reason = next(
                (
                    str(e.get("ctx", {}).get("error", ""))
                    for e in errors
                    if e.get("type") == "json_invalid"
                ),
                "",
            )
            return _error(
                400, "invalid_json", f"the body is not valid JSON{': ' + reason if reason else ''}"
            )
        detail = [
            {
                "loc": [p if isinstance(p, int) else str(p) for p in e.get("loc", ())],
                "msg": str(e.get("msg", "")),
                "type": str(e.get("type", "")),
            }
            for e in errors
        ]
        parts = []
        for item in detail[:5]:
            path = ".".join(str(p) for p in item["loc"][1:] if p != "body") or "body"
            parts.append(f"{path}: {item['msg']}")
        more = f" (and {len(detail) - 5} more)" if len(detail) > 5 else ""
        return _error(422, "invalid_request", "; ".join(parts) + more, detail)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        codes = {404: "not_found", 405: "method_not_allowed"}
        return _error(
            exc.status_code,
            codes.get(exc.status_code, "http_error"),
            str(exc.detail),
            headers=dict(exc.headers) if exc.headers else None,
        )

    async def server_error(request: Request, exc: Exception) -> Response:
        # The message text is deliberately not logged: it holds personal data.
        log.exception("internal error on %s %s", request.method, request.url.path)
        return _error(500, "internal_error", "the server failed to check this request")

    app.add_exception_handler(APIError, api_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, server_error)
