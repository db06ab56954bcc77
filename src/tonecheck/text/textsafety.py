"""Text that every layer can store and hand to spaCy, whatever the input held."""

from __future__ import annotations

import re

#: Lone UTF-16 surrogates (from a badly decoded JSON string, or a file name that was not valid
#: UTF-8) cannot be encoded as UTF-8: they crash spaCy's string store and every UTF-8 output.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """`text` with each lone surrogate as U+FFFD; the same object when it has none.

    U+FFFD keeps the length, so character offsets into the caller's text stay right. The
    encode attempt is the fast path: it runs in C and almost every text passes it."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub("\ufffd", text)
    return text
