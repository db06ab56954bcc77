"""``tonecheck serve``: start the HTTP service under uvicorn.

The CLI module wires this in with ``add_arguments(subparser)`` and ``run(args)``; until then
``python -m tonecheck.service`` does the same. Settings reach uvicorn's worker processes through
environment variables (``TONECHECK_CONFIG``, ``TONECHECK_MAX_BATCH``, ``TONECHECK_MAX_BODY_BYTES``)
because each worker builds its own app from them; the API token is *only* read from
``TONECHECK_API_TOKEN``, never from the command line, where other users could see it in ``ps``.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8750


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``serve`` options to `parser`."""
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to bind (default {DEFAULT_HOST}: this machine only). Binding another "
        "address without TONECHECK_API_TOKEN set prints a warning",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes, each with its own loaded Checker (default 1; use the number of cores)",
    )
    parser.add_argument(
        "--config", metavar="FILE", help="tonecheck.toml to use (default: discovered)"
    )
    parser.add_argument(
        "--max-batch",
        type=int,
        default=None,
        help="most messages per /v1/check-batch request (default 100)",
    )
    parser.add_argument(
        "--max-body-bytes",
        type=int,
        default=None,
        help="largest request body in bytes (default 1000000)",
    )
    parser.add_argument(
        "--log-level",
        default="warning",
        choices=["critical", "error", "warning", "info", "debug"],
        help="uvicorn log level (default warning; 'info' logs each request, never its body)",
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted. Returns a process exit code (2 for a usage or setup problem)."""
    try:
        import fastapi  # noqa: F401
        import uvicorn
    except ImportError:
        print(
            "tonecheck serve needs the server extra: pip install 'tonecheck[server]'",
            file=sys.stderr,
        )
        return 2

    from ..config import Config, ConfigError
    from .app import ENV_CONFIG, ENV_MAX_BATCH, ENV_MAX_BODY, ENV_TOKEN, ServiceSettings

    if args.workers < 1:
        print("tonecheck serve: --workers must be at least 1", file=sys.stderr)
        return 2
    if not 0 <= args.port <= 65535:
        print("tonecheck serve: --port must be between 0 and 65535", file=sys.stderr)
        return 2
    named = args.config or os.environ.get(ENV_CONFIG, "").strip()
    if named:  # --config, else TONECHECK_CONFIG as every other command reads it
        path = Path(named).resolve()
        try:
            Config.from_file(path)  # fail here, once, rather than in every worker
        except ConfigError as exc:
            print(f"tonecheck serve: {exc}", file=sys.stderr)
            return 2
        os.environ[ENV_CONFIG] = str(path)
    if args.max_batch is not None:
        os.environ[ENV_MAX_BATCH] = str(args.max_batch)
    if args.max_body_bytes is not None:
        os.environ[ENV_MAX_BODY] = str(args.max_body_bytes)
    try:
        settings = ServiceSettings.from_env()
    except ValueError as exc:
        print(f"tonecheck serve: {exc}", file=sys.stderr)
        return 2

    if not _is_loopback(args.host) and settings.token is None:
        print(
            f"tonecheck serve: warning: listening on {args.host} without authentication; set "
            f"{ENV_TOKEN} to require a bearer token",
            file=sys.stderr,
        )
    auth = "on" if settings.token else "off"
    print(
        f"tonecheck serve: http://{args.host}:{args.port}/ (workers={args.workers}, auth={auth}, "
        f"max_batch={settings.max_batch}, max_body_bytes={settings.max_body_bytes})",
        file=sys.stderr,
    )
    try:
        uvicorn.run(
            "tonecheck.service.app:create_app_from_env",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level=args.log_level,
            server_header=False,
            proxy_headers=False,
            http="tonecheck.service.nodelay:NoDelayHTTPProtocol",
        )
    except SystemExit as exc:  # uvicorn exits on startup failure (port in use, ...)
        code = exc.code
        return code if isinstance(code, int) else 1
    except KeyboardInterrupt:
        return 0
    return 0
