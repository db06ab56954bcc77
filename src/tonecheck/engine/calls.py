"""One check call, normalised: shared by `checker` (one process) and `batch` (a pool), so
neither imports the other's internals."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import nullcontext
from typing import Any

from ..models import Channel, MessageContext, Stage


def coerce_channel(channel: Channel | str) -> Channel:
    try:
        return Channel(channel)
    except ValueError:
        allowed = ", ".join(c.value for c in Channel)
        raise ValueError(f"unknown channel {channel!r}; allowed: {allowed}") from None


def coerce_stage(stage: Stage | str | None) -> Stage | None:
    if stage is None:
        return None
    try:
        return Stage(stage)
    except ValueError:
        allowed = ", ".join(s.value for s in Stage)
        raise ValueError(
            f"unknown stage {stage!r}; allowed: {allowed} (or None to detect it)"
        ) from None


def coerce_context(context: MessageContext | Mapping[str, Any] | None) -> MessageContext:
    if context is None:
        return MessageContext()
    if isinstance(context, MessageContext):
        return context
    if isinstance(context, Mapping):
        return MessageContext.model_validate(dict(context))
    raise TypeError(f"context must be a MessageContext or a mapping, not {type(context).__name__}")


def memory_zone(checker: Any) -> Any:
    """A spaCy memory zone for one chunk, unless the Checker manages zones itself."""
    if getattr(checker, "uses_memory_zone", False):
        return nullcontext()
    nlp = checker.resources.nlp
    return nlp.memory_zone() if hasattr(nlp, "memory_zone") else nullcontext()


def as_call(item: str | Mapping[str, Any], defaults: Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(item, str):
        return {"text": item, **defaults}
    if isinstance(item, Mapping):
        call = {
            **defaults,
            **{
                k: v
                for k, v in item.items()
                if k in {"text", "id", "channel", "stage", "context", "template"}
            },
        }
        if "text" not in call:
            raise ValueError("each message mapping needs a 'text' key")
        return call
    raise TypeError(f"messages must be str or mappings with 'text', not {type(item).__name__}")
