"""Load and validate the real-message corpus, ``tests/corpus/real/messages.jsonl``.

Real collection messages nobody on the team wrote, labelled by ``docs/labelling.md``. Each
record names its source; ``split`` (``dev`` or ``held_out``) is assigned by source group by
``bench/split_real_corpus.py``. Used by ``tests/test_real_corpus.py``, ``bench/evaluate_real.py``
and ``bench/fit_weights.py`` (all load this file by path: ``tests/`` is not a package).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REAL_DIR = Path(__file__).resolve().parent
MESSAGES = REAL_DIR / "messages.jsonl"
PARTS = REAL_DIR / "parts"

CHANNELS = ("email", "sms", "letter", "voice")
JURISDICTIONS = ("us", "uk", "other")
STAGES = ("reminder", "overdue", "final-notice", "payment-plan", "thank-you", "other")
AUDIENCES = ("consumer", "business", "tenant", "patient")
SOURCE_KINDS = (
    "court-opinion",
    "regulator",
    "billing-software",
    "template-site",
    "debt-advice",
    "vendor",
    "forum",
)
LABELS = ("respect_violation", "threat", "empathy_present", "consequences_stated", "clarity_ok")
SPLITS = ("dev", "held_out")
REQUIRED_TEXT = ("id", "text", "source_url", "source_title", "source_group", "licence", "retrieved")


class RealCorpusError(ValueError):
    """A record is malformed; the message names the file, the line and the field."""


@dataclass(frozen=True)
class RealMessage:
    id: str
    text: str
    channel: str
    jurisdiction: str
    stage: str | None
    audience: str
    template: bool
    source_kind: str
    source_group: str
    labels: dict[str, bool]
    split: str | None
    raw: dict[str, Any]

    def check_kwargs(self) -> dict[str, Any]:
        """How the evaluation checks the message: the stage is always detected (a user of the
        hook does not say it), the jurisdiction is what the source shows."""
        context = {"jurisdiction": self.jurisdiction} if self.jurisdiction in ("us", "uk") else {}
        return {"channel": self.channel, "template": self.template, "context": context}


def _fail(where: str, field: str, why: str) -> RealCorpusError:
    return RealCorpusError(f"{where}: {field}: {why}")


def parse_record(raw: dict[str, Any], where: str, *, need_split: bool) -> RealMessage:
    for name in REQUIRED_TEXT:
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            raise _fail(where, name, "missing or empty")
    choices = {
        "channel": CHANNELS,
        "jurisdiction": JURISDICTIONS,
        "audience": AUDIENCES,
        "source_kind": SOURCE_KINDS,
    }
    for name, allowed in choices.items():
        if raw.get(name) not in allowed:
            raise _fail(where, name, f"{raw.get(name)!r} is not one of {', '.join(allowed)}")
    stage = raw.get("stage")
    if stage is not None and stage not in STAGES:
        raise _fail(where, "stage", f"{stage!r} is not one of {', '.join(STAGES)}")
    labels: dict[str, bool] = {}
    for name in LABELS:
        if not isinstance(raw.get(name), bool):
            raise _fail(where, name, "must be true or false")
        labels[name] = raw[name]
    if labels["threat"] and not labels["respect_violation"]:
        raise _fail(where, "respect_violation", "a threat is always a respect violation")
    split = raw.get("split")
    if need_split and split not in SPLITS:
        raise _fail(where, "split", f"{split!r} is not one of {', '.join(SPLITS)}")
    return RealMessage(
        id=raw["id"],
        text=raw["text"],
        channel=raw["channel"],
        jurisdiction=raw["jurisdiction"],
        stage=stage,
        audience=raw["audience"],
        template=bool(raw.get("template", False)),
        source_kind=raw["source_kind"],
        source_group=raw["source_group"],
        labels=labels,
        split=split,
        raw=raw,
    )


def read_records(path: Path, *, need_split: bool) -> list[RealMessage]:
    out: list[RealMessage] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RealCorpusError(f"{where}: not JSON: {exc.msg}") from None
        if not isinstance(raw, dict):
            raise RealCorpusError(f"{where}: not a JSON object")
        message = parse_record(raw, where, need_split=need_split)
        if message.id in seen:
            raise _fail(where, "id", f"{message.id!r} is used twice")
        seen.add(message.id)
        out.append(message)
    return out


def load_real(path: Path = MESSAGES, split: str | None = None) -> list[RealMessage]:
    """The corpus, or one split of it. Raises FileNotFoundError when the corpus is absent."""
    messages = read_records(path, need_split=True)
    return [m for m in messages if split is None or m.split == split]
