"""Load and validate the labelled development corpus in ``tests/corpus/*.toml``.

The corpus is an independent yardstick: every label says what a careful compliance reviewer would
conclude about the message, not what the rule packs currently do. See ``docs/evaluation.md``.

Used by ``tests/test_corpus.py`` and ``bench/evaluate_rules.py`` (both load this file by path, so
``tests/`` does not need to be a package).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tonecheck.models import MessageContext

CORPUS_DIR = Path(__file__).resolve().parent

DIMENSIONS = ("respect", "clarity", "empathy", "transparency")
BANDS = ("low", "mid", "high")
#: low < LOW_MAX, mid LOW_MAX..HIGH_MIN, high > HIGH_MIN; TOLERANCE points of slack at each edge.
LOW_MAX = 50.0
HIGH_MIN = 75.0
TOLERANCE = 5.0

CHANNELS = ("email", "sms", "letter", "voice")
STAGES = ("reminder", "overdue", "final-notice", "payment-plan", "thank-you", "other")
ROLES = ("harsh", "better")
COMPARABLE = (*DIMENSIONS, "overall")
#: Strength categories the corpus does not label: reading ease is judged through the clarity band,
#: so "readability" strengths are left out of precision/recall (readability *findings* are labelled).
UNLABELLED_STRENGTHS = frozenset({"readability"})
CONTEXT_KEYS = tuple(MessageContext.model_fields)

_KEYS = {
    "id",
    "text",
    "channel",
    "stage",
    "context",
    "template",
    "bands",
    "expect_categories",
    "expect_strength_categories",
    "allow_categories",
    "forbid_categories",
    "pair",
    "role",
    "compare",
    "known_gaps",
    "note",
}


class CorpusError(ValueError):
    """A corpus file is malformed; the message names the file, the message id and the field."""


@dataclass(frozen=True)
class Message:
    id: str
    text: str
    channel: str
    source: str
    stage: str | None = None
    context: dict[str, str] = field(default_factory=dict)
    template: bool = False
    bands: dict[str, str] = field(default_factory=dict)
    expect: frozenset[str] = frozenset()
    expect_strengths: frozenset[str] = frozenset()
    allow: frozenset[str] = frozenset()
    forbid: frozenset[str] = frozenset()
    pair: str | None = None
    role: str | None = None
    compare: tuple[str, ...] = ("respect", "overall")
    known_gaps: dict[str, str] = field(default_factory=dict)
    note: str = ""

    def check_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``Checker.check``."""
        kwargs: dict[str, Any] = {
            "channel": self.channel,
            "stage": self.stage,
            "template": self.template,
        }
        if self.context:
            kwargs["context"] = dict(self.context)
        return kwargs

    def gap(self, key: str) -> str | None:
        """The recorded reason the engine is known to miss check ``key`` (or None)."""
        return self.known_gaps.get(key)


def band_of(score: float) -> str:
    """The band a score falls in, without tolerance."""
    if score < LOW_MAX:
        return "low"
    if score > HIGH_MIN:
        return "high"
    return "mid"


def band_ok(score: float, band: str, tolerance: float = TOLERANCE) -> bool:
    """True when ``score`` is in ``band`` allowing ``tolerance`` points at the band's edges."""
    if band == "low":
        return score < LOW_MAX + tolerance
    if band == "high":
        return score > HIGH_MIN - tolerance
    if band == "mid":
        return LOW_MAX - tolerance <= score <= HIGH_MIN + tolerance
    raise ValueError(f"unknown band {band!r}")


def _categories() -> set[str]:
    from tonecheck.models import CATEGORIES

    return set(CATEGORIES)


def _fail(source: str, mid: str, fieldname: str, why: str) -> CorpusError:
    return CorpusError(f"{source}: message {mid!r}: field {fieldname!r}: {why}")


def _str_list(
    raw: dict[str, Any], key: str, source: str, mid: str, allowed: set[str]
) -> frozenset[str]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(source, mid, key, "must be a list of strings")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise _fail(source, mid, key, f"unknown categories {unknown} (see CATEGORIES in models.py)")
    return frozenset(value)


def _parse(raw: dict[str, Any], source: str, categories: set[str]) -> Message:
    mid = raw.get("id")
    if not isinstance(mid, str) or not mid:
        raise CorpusError(f"{source}: a message has no 'id'")
    extra = sorted(set(raw) - _KEYS)
    if extra:
        raise _fail(source, mid, extra[0], f"unknown field; allowed: {sorted(_KEYS)}")
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise _fail(source, mid, "text", "missing or empty")
    channel = raw.get("channel")
    if channel not in CHANNELS:
        raise _fail(source, mid, "channel", f"must be one of {CHANNELS}")
    stage = raw.get("stage")
    if stage is not None and stage not in STAGES:
        raise _fail(source, mid, "stage", f"must be one of {STAGES}")
    context = raw.get("context", {})
    if not isinstance(context, dict) or set(context) - set(CONTEXT_KEYS):
        raise _fail(source, mid, "context", f"keys must be among {CONTEXT_KEYS}")
    bands = raw.get("bands", {})
    if not isinstance(bands, dict):
        raise _fail(source, mid, "bands", "must be a table")
    for dim, band in bands.items():
        if dim not in DIMENSIONS or band not in BANDS:
            raise _fail(
                source, mid, "bands", f"{dim} = {band!r}: dimensions {DIMENSIONS}, bands {BANDS}"
            )
    expect = _str_list(raw, "expect_categories", source, mid, categories)
    strengths = _str_list(raw, "expect_strength_categories", source, mid, categories)
    allow = _str_list(raw, "allow_categories", source, mid, categories)
    forbid = _str_list(raw, "forbid_categories", source, mid, categories)
    if expect & forbid:
        raise _fail(source, mid, "forbid_categories", f"also expected: {sorted(expect & forbid)}")
    pair, role = raw.get("pair"), raw.get("role")
    if (pair is None) != (role is None):
        raise _fail(source, mid, "pair", "'pair' and 'role' go together")
    if role is not None and role not in ROLES:
        raise _fail(source, mid, "role", f"must be one of {ROLES}")
    compare = tuple(raw.get("compare", ("respect", "overall")))
    if not compare or set(compare) - set(COMPARABLE):
        raise _fail(source, mid, "compare", f"must be a non-empty list from {COMPARABLE}")
    gaps = raw.get("known_gaps", {})
    if not isinstance(gaps, dict):
        raise _fail(source, mid, "known_gaps", "must be a table of check -> reason")
    for key, reason in gaps.items():
        kind, _, what = key.partition(".")
        ok = (
            (kind == "band" and what in bands)
            or (kind == "forbid" and what in forbid)
            or (kind == "pair" and role == "better" and what in compare)
        )
        if not ok or not isinstance(reason, str) or not reason:
            raise _fail(
                source,
                mid,
                "known_gaps",
                f"{key!r}: use 'band.<labelled dim>', 'forbid.<forbidden category>' or "
                "'pair.<compared dim>' (pairs: on the 'better' message) with a reason",
            )
    return Message(
        id=mid,
        text=text,
        channel=channel,
        source=source,
        stage=stage,
        context={k: str(v) for k, v in context.items()},
        template=bool(raw.get("template", False)),
        bands=dict(bands),
        expect=expect,
        expect_strengths=strengths,
        allow=allow,
        forbid=forbid,
        pair=pair,
        role=role,
        compare=compare,
        known_gaps=dict(gaps),
        note=str(raw.get("note", "")),
    )


def load_corpus(directory: Path = CORPUS_DIR) -> list[Message]:
    """All messages from ``directory/*.toml`` in file then document order, validated."""
    categories = _categories()
    messages: list[Message] = []
    seen: dict[str, str] = {}
    for path in sorted(directory.glob("*.toml")):
        with path.open("rb") as handle:
            try:
                data = tomllib.load(handle)
            except tomllib.TOMLDecodeError as exc:
                raise CorpusError(f"{path.name}: {exc}") from None
        for raw in data.get("message", []):
            message = _parse(raw, path.name, categories)
            if message.id in seen:
                raise CorpusError(
                    f"{path.name}: duplicate id {message.id!r} (also in {seen[message.id]})"
                )
            seen[message.id] = path.name
            messages.append(message)
    pairs(messages)  # validates pair completeness
    return messages


def pairs(messages: list[Message]) -> list[tuple[Message, Message]]:
    """(harsh, better) tuples, sorted by pair id; every pair must have exactly one of each."""
    groups: dict[str, dict[str, Message]] = {}
    for message in messages:
        if message.pair is None or message.role is None:
            continue
        slot = groups.setdefault(message.pair, {})
        if message.role in slot:
            raise CorpusError(f"pair {message.pair!r}: two '{message.role}' messages")
        slot[message.role] = message
    out = []
    for pair_id in sorted(groups):
        slot = groups[pair_id]
        if set(slot) != set(ROLES):
            raise CorpusError(f"pair {pair_id!r}: needs one 'harsh' and one 'better' message")
        out.append((slot["harsh"], slot["better"]))
    return out
