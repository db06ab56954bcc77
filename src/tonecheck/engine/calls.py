"""One check call, normalised: the single shape in which every surface (`check_many` and its
process pool, the Dask integration, the audit, the service) hands a message to the engine, so
none imports another's internals and a new option of `Checker.check` is added in one place."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any, Protocol, TypedDict, Unpack

from ..models import Channel, MessageContext, Report, Stage


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


class SupportsCheck(Protocol):
    """A `Checker`, or anything with its `check` (the CLI's daemon-backed `WarmChecker`)."""

    def check(self, text: str, **options: Unpack[CheckOptions]) -> Report: ...


#: The keys of a message mapping that become a call's fields; others (a source's own columns)
#: are left to the caller.
CALL_FIELDS = ("text", "id", "channel", "stage", "context", "template")
#: Why a call whose source had no usable text cannot run (a blank CSV cell, a non-string value).
MISSING_TEXT = "text is missing or not a string"


@dataclass(frozen=True, slots=True)
class CheckCall:
    """One message and the options to check it with.

    Frozen and plain, so a pool or a Dask worker pickles it cheaply and a report can never be
    made from a call that changed on the way. ``text`` is None when the source held no usable
    text (a missing cell): such a call stays in the stream, keeping input order and ids, and
    `run` refuses it with the TypeError `Checker.check` raises for any other non-text.
    """

    text: str | None
    id: str | None = None
    channel: Channel | str = Channel.email
    stage: Stage | str | None = None
    context: MessageContext | Mapping[str, Any] | None = None
    template: bool = False

    @classmethod
    def of(
        cls, item: str | Mapping[str, Any] | CheckCall, defaults: Mapping[str, Any]
    ) -> CheckCall:
        """The call for one item of a message stream: a string takes the stream's defaults; a
        mapping's own ``id``, ``channel``, ``stage``, ``context``, ``template`` win over them."""
        if isinstance(item, CheckCall):
            return item
        if isinstance(item, str):
            return cls(item, **defaults)
        if isinstance(item, Mapping):
            if "text" not in item:
                raise ValueError("each message mapping needs a 'text' key")
            return cls(**{**defaults, **{k: item[k] for k in CALL_FIELDS if k in item}})
        raise TypeError(f"messages must be str or mappings with 'text', not {type(item).__name__}")

    @property
    def channel_name(self) -> str:
        """The channel as written in a result row, whether given as a Channel or a string."""
        return self.channel.value if isinstance(self.channel, Channel) else str(self.channel)

    def run(self, checker: SupportsCheck) -> Report:
        """The report for this call (TypeError and ValueError for bad input, as `Checker.check`)."""
        if self.text is None:
            raise TypeError(MISSING_TEXT)
        return checker.check(
            self.text,
            channel=self.channel,
            stage=self.stage,
            context=self.context,
            template=self.template,
            id=self.id,
        )


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
