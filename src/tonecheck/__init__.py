"""tonecheck: checks the tone of debt-collection messages before they are sent.

    >>> import tonecheck
    >>> report = tonecheck.check("Pay now or we will take you to court.", channel="sms")
    >>> [f.rule for f in report.findings][:1]

Heavy modules (spaCy, VADER, textstat) load on first use, so importing tonecheck and running
``tonecheck --help`` stay fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import TonecheckError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .config import Config, ConfigError
    from .engine.calls import CheckCall
    from .engine.checker import Checker
    from .hook import Verdict, presend
    from .models import (
        Channel,
        Dimension,
        Finding,
        MessageContext,
        Report,
        Scores,
        Severity,
        Stage,
        Suggestion,
    )
    from .rewrite.api import rewrite
    from .rulebook import RulePackError

_LAZY = {
    "CheckCall": ".engine.calls",
    "Checker": ".engine.checker",
    "Config": ".config",
    "ConfigError": ".config",
    "Channel": ".models",
    "Dimension": ".models",
    "Finding": ".models",
    "MessageContext": ".models",
    "Report": ".models",
    "Scores": ".models",
    "Severity": ".models",
    "Stage": ".models",
    "Suggestion": ".models",
    "RulePackError": ".rulebook",
    "presend": ".hook",
    "rewrite": ".rewrite.api",
    "Verdict": ".hook",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module = importlib.import_module(_LAZY[name], __name__)
        value = getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'tonecheck' has no attribute {name!r}")


def default_checker() -> Checker:
    """The shared Checker used by `tonecheck.check` (built on first use, default config)."""
    from .engine.default import default_checker as shared

    return shared()


def check(
    text: str,
    channel: Channel | str = "email",
    stage: Stage | str | None = None,
    context: MessageContext | Mapping[str, Any] | None = None,
    *,
    template: bool = False,
) -> Report:
    """Check one message with the default configuration; see `Checker.check`."""
    return default_checker().check(
        text, channel=channel, stage=stage, context=context, template=template
    )


__all__ = [
    "Channel",
    "CheckCall",
    "Checker",
    "Config",
    "ConfigError",
    "Dimension",
    "Finding",
    "MessageContext",
    "Report",
    "RulePackError",
    "Scores",
    "Severity",
    "Stage",
    "Suggestion",
    "TonecheckError",
    "Verdict",
    "__version__",
    "check",
    "default_checker",
    "presend",
    "rewrite",
]
