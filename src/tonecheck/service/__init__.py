"""The HTTP service: tonecheck for e-mail tools that are not written in Python.

Outlook and Gmail add-ins, help-desk platforms and CRMs run their pre-send hooks as web calls, so
the service exposes the same `Checker` over HTTP with FastAPI (run by uvicorn). Request and
response bodies are the library's own pydantic models, so ``/openapi.json`` documents exactly the
`Report` that Python callers get.

Install with ``pip install 'tonecheck[server]'``; start with ``tonecheck serve`` (or
``python -m tonecheck.service``). Nothing here is imported by ``import tonecheck``, so the library
keeps working without FastAPI installed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import ServiceSettings, create_app

__all__ = ["ServiceSettings", "create_app"]


def __getattr__(name: str) -> Any:
    """Import FastAPI lazily, so ``tonecheck.service.command`` can print a helpful message when
    the ``server`` extra is missing instead of failing at import time."""
    if name in __all__:
        from . import app

        return getattr(app, name)
    raise AttributeError(f"module 'tonecheck.service' has no attribute {name!r}")
