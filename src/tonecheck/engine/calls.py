"""One check call, normalised: shared by `checker` (one process) and `batch` (a pool), so
neither imports the other's internals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from typing import Any, TypedDict

from ..models import Channel, MessageContext, Stage


class CheckOptions(TypedDict, total=False):
    """The keyword options of one check call (all but the text): what `Checker.check` takes,
    declared once for the adapters that pass a call on (the daemon-backed `WarmChecker`, the
    hook's `SupportsCheck`)."""

    channel: Channel | str
    stage: Stage | str | None
    context: MessageContext | Mapping[str, Any] | None
    template: bool
    id: str | None
    ignore: Sequence[tuple[int, int]]


def unknown_choice(what: str, value: object, choices: type[Channel] | type[Stage]) -> str:
    """The one wording of a bad channel or stage, so the library, the audit and the service
    name the allowed values alike."""
    allowed = ", ".join(c.value for c in choices)
    return f"unknown {what} {value!r}; allowed: {allowed}"


def coerce_channel(channel: Channel | str) -> Channel:
    try:
        return Channel(channel)
    except ValueError:
        raise ValueError(unknown_choice("channel", channel, Channel)) from None


def coerce_stage(stage: Stage | str | None) -> Stage | None:
    if stage is None:
        return None
    try:
        return Stage(stage)
    except ValueError:
        raise ValueError(
            unknown_choice("stage", stage, Stage) + " (or None to detect it)"
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
