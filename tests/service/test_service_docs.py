"""The service's API reference works offline and ``HEAD`` is answered."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tonecheck.config import Config
from tonecheck.service import apidocs
from tonecheck.service.app import ServiceSettings, create_app


@pytest.fixture(scope="module")
def client() -> TestClient:
    with TestClient(create_app(Config(), ServiceSettings())) as client:
        yield client  # type: ignore[misc]


def test_docs_page_loads_everything_from_this_server(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    urls = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)""", page.text)
    urls += re.findall(r"""url:\s*['"]([^'"]+)""", page.text)
    assert urls and all(u.startswith("/") and not u.startswith("//") for u in urls), urls
    for url in urls:
        assert client.get(url).status_code == 200, url  # the script, styles and openapi.json
    assert "/openapi.json" in page.text


def test_head_is_answered(client: TestClient) -> None:
    for path in ("/", "/docs"):
        response = client.head(path)
        assert response.status_code == 200, path
        assert response.content == b""


def test_docs_without_the_assets_package_says_where_to_look(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(apidocs, "_assets", lambda: None)
    with TestClient(create_app(Config(), ServiceSettings())) as client:
        page = client.get("/docs")
    assert page.status_code == 200
    assert "/openapi.json" in page.text and "swagger-ui-bundle" in page.text
