"""``/docs``: the API reference page, served from an installed package so it works offline.

FastAPI's default Swagger UI page loads its script and styles from a CDN, which a service
inside a collections team's network often cannot reach (and should not: the page would run
someone else's script next to personal data). The ``swagger-ui-bundle`` package (in the
``server`` extra) ships the same assets; they are served from ``/docs/assets``. Without it,
``/docs`` says where the reference is instead of answering 404.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs/assets"

_POINTER = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>tonecheck API reference</title></head><body>
<h1>tonecheck API reference</h1>
<p>The interactive reference needs the <code>swagger-ui-bundle</code> package
(<code>pip install 'tonecheck[server]'</code>). The machine-readable description is at
<a href="/openapi.json">/openapi.json</a>; every endpoint is described in
<code>docs/service.md</code> in the tonecheck repository.</p>
</body></html>
"""


def _assets() -> Path | None:
    try:
        import swagger_ui_bundle  # type: ignore[import-untyped]
    except ImportError:
        return None
    path = Path(swagger_ui_bundle.swagger_ui_path)
    return path if (path / "swagger-ui-bundle.js").is_file() else None


def install_api_docs(app: FastAPI) -> None:
    """Add ``GET``/``HEAD /docs`` (and its assets) to ``app``."""
    assets = _assets()
    if assets is None:

        @app.api_route("/docs", methods=["GET", "HEAD"], include_in_schema=False)
        async def pointer() -> HTMLResponse:
            return HTMLResponse(_POINTER)

        return
    app.mount(ASSETS, StaticFiles(directory=assets), name="api-docs-assets")

    @app.api_route("/docs", methods=["GET", "HEAD"], include_in_schema=False)
    async def reference() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="tonecheck API reference",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
        )
