"""Evidence items -> one number per name, the shape a weight fit or a score reads."""

from __future__ import annotations

from collections.abc import Iterable

from .items import EvidenceItem


def summarise(items: Iterable[EvidenceItem]) -> dict[str, float]:
    """The strongest value of each item name in a message (a sentence-level cue present in
    two sentences counts once, at its stronger reading), plus ``<family>.items``, the number of
    sentence-level items of each family."""
    out: dict[str, float] = {}
    for item in items:
        value = out.get(item.name)
        if value is None or item.value > value:
            out[item.name] = item.value
        if item.sentence >= 0:
            key = f"{item.family}.items"
            out[key] = out.get(key, 0.0) + 1.0
    return out
