"""Every exception class tonecheck defines derives from `tonecheck.TonecheckError` and keeps its
standard base, so callers can catch "tonecheck refused this" in one clause and old handlers
(``except ValueError``) still work."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import tonecheck
from tonecheck import TonecheckError

#: Errors allowed to keep only their standard base: none, every error shares the base.
_AUDIT_PENDING: set[str] = set()


def _defined_exceptions() -> list[type[BaseException]]:
    found: list[type[BaseException]] = []
    for info in pkgutil.walk_packages(tonecheck.__path__, prefix="tonecheck."):
        if info.name.rsplit(".", 1)[-1] == "__main__":
            continue  # running it is what importing it does
        module = importlib.import_module(info.name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, BaseException) and value.__module__ == info.name:
                found.append(value)
    return found


_EXCEPTIONS = _defined_exceptions()


def _pending(cls: type[BaseException]) -> bool:
    return cls.__module__.startswith("tonecheck.audit.") and cls.__name__ in _AUDIT_PENDING


def test_the_walk_finds_the_package_errors() -> None:
    names = {cls.__qualname__ for cls in _EXCEPTIONS}
    assert {"ConfigError", "RulePackError", "CliError", "EmailInputError"} <= names


@pytest.mark.parametrize(
    "cls",
    [c for c in _EXCEPTIONS if not _pending(c)],
    ids=lambda c: f"{c.__module__}.{c.__qualname__}",
)
def test_every_exception_derives_from_tonecheck_error(cls: type[BaseException]) -> None:
    assert issubclass(cls, TonecheckError), (
        f"{cls.__module__}.{cls.__qualname__} should subclass tonecheck.errors.TonecheckError "
        "(keeping its standard base, e.g. class X(TonecheckError, ValueError))"
    )


@pytest.mark.parametrize(
    ("module", "name", "standard"),
    [
        ("tonecheck.config", "ConfigError", ValueError),
        ("tonecheck.rulebook.location", "RulePackError", ValueError),
        ("tonecheck.rulebook.regex_guard", "UnsafeRegexError", ValueError),
        ("tonecheck.email.mime", "EmailInputError", ValueError),
        ("tonecheck.daemon.protocol", "ProtocolError", OSError),
        ("tonecheck.daemon.paths", "UnsafeRuntimeDir", OSError),
        ("tonecheck.hook.gate", "ServerUnavailable", RuntimeError),
    ],
)
def test_errors_keep_their_standard_base(module: str, name: str, standard: type) -> None:
    cls = getattr(importlib.import_module(module), name)
    with pytest.raises(standard):
        raise cls("x")
    with pytest.raises(TonecheckError):
        raise cls("x")


def test_a_bad_config_file_is_caught_by_the_base(tmp_path: Path) -> None:
    bad = tmp_path / "tonecheck.toml"
    bad.write_text("packs = 3\n", encoding="utf-8")
    with pytest.raises(TonecheckError, match="packs"):
        tonecheck.Config.from_file(bad)
