"""In-process tests of the app factory and its settings (no server process): what is cheaper to
check without a socket — environment parsing, one Checker per app, the page's self-containment."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient

from tonecheck.config import Config
from tonecheck.service import app as service_app
from tonecheck.service.app import ServiceSettings, create_app
from tonecheck.service.playground import PLAYGROUND_HEADERS, PLAYGROUND_HTML


def test_settings_from_env() -> None:
    settings = ServiceSettings.from_env(
        {
            "TONECHECK_API_TOKEN": "t",
            "TONECHECK_MAX_BATCH": "7",
            "TONECHECK_MAX_BODY_BYTES": "2_000",
        }
    )
    assert settings == ServiceSettings(max_batch=7, max_body_bytes=2000, token="t")
    assert ServiceSettings.from_env({}) == ServiceSettings()
    assert ServiceSettings.from_env({"TONECHECK_API_TOKEN": ""}).token is None


@pytest.mark.parametrize(
    "env",
    [
        {"TONECHECK_MAX_BATCH": "lots"},
        {"TONECHECK_MAX_BATCH": "0"},
        {"TONECHECK_MAX_BODY_BYTES": "-1"},
        {"TONECHECK_API_TOKEN": "   "},
    ],
)
def test_bad_settings_are_refused(env: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        ServiceSettings.from_env(env)


def test_one_checker_per_app_built_at_startup(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[object] = []
    real = service_app.Checker

    class Counting(real):  # type: ignore[misc, valid-type]
        def __init__(self, config: Config | None = None) -> None:
            built.append(self)
            super().__init__(config)

    monkeypatch.setattr(service_app, "Checker", Counting)
    app = create_app(Config(), ServiceSettings())
    assert built == []  # nothing heavy at import or factory time
    with TestClient(app) as client:
        assert len(built) == 1  # the lifespan built it before the first request
        for _ in range(5):
            assert client.post("/v1/check", json={"text": "Please pay."}).status_code == 200
        client.post("/v1/check-batch", json={"messages": [{"text": "a"}, {"text": "b"}]})
    assert len(built) == 1


def test_playground_is_self_contained() -> None:
    """No script, style, font or image from anywhere else; the CSP says the same."""
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", PLAYGROUND_HTML)
    assert "@import" not in PLAYGROUND_HTML and "url(" not in PLAYGROUND_HTML
    assert "innerHTML" not in PLAYGROUND_HTML  # findings are inserted as text only
    csp = PLAYGROUND_HEADERS["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_api_error_bodies_share_one_shape() -> None:
    with TestClient(create_app(Config(), ServiceSettings(token="k"))) as client:
        for response in (
            client.post("/v1/check", json={"text": "x"}),
            client.get("/nowhere"),
            client.post(
                "/v1/check",
                content=b"{",
                headers={"Content-Type": "application/json", "Authorization": "Bearer k"},
            ),
        ):
            assert set(response.json()) == {"error", "message", "detail"}
