"""The one base class of every error tonecheck raises on purpose.

An application embedding tonecheck (a pre-send hook, a batch job) wants to tell "tonecheck
refused this input or configuration" from a bug, without listing a dozen classes from as many
modules. Each error keeps its standard base too (``ConfigError`` is still a ``ValueError``,
``ProtocolError`` an ``OSError``), so code that caught those before still does.

Standard library only and importing nothing, so any module, the CLI included, can use it
without closing an import cycle or slowing ``tonecheck --help``.
"""

from __future__ import annotations


class TonecheckError(Exception):
    """Raised, through a subclass, for a problem tonecheck detected and can explain."""
