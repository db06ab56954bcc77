"""Politeness strategies (Danescu-Niculescu-Mizil et al. 2013) and the score fitted on them.

A strategy is present or not in a message (the paper's binary features); its weight comes from a
logistic model fitted on people's ratings of requests (`rules/models/politeness.toml`, written by
``bench/fit_politeness.py``). The runtime only reads the weights. Besides the cues of
``rules/evidence/politeness.toml`` the model sees a few features that are not word lists: words
of VADER's lexicon with a clearly positive or negative valence, questions, exclamations and
repeated '?'/'!' marks.

Densities are counts, not presence: the positive-lexicon words and the cues marked
``counted = true`` (negation) are read as log(1 + occurrences), so one stray word in
a long message weighs less than a message made of them. The paper's strategies stay binary: a
marker such as 'could you' or 'thanks' softens a request once, however long the message.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Collection, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..models import Dimension
from ..rulebook.loader import RulePackError, builtin_rules_dir
from .items import EvidenceItem
from .lexicon import Lexicon
from .view import MessageView, word_hash

PREFIX = "politeness"
#: |valence| at or above which a VADER lexicon word counts as positive or negative.
VALENCE_AT = 1.0
#: Features computed here rather than matched from a word list.
COMPUTED = (
    "lexicon-positive",
    "lexicon-negative",
    "question",
    "exclamation",
    "repeated-punctuation",
)
#: Computed features read as log(1 + occurrences): the positive words. (Negative words stay
#: present/absent: counting them did not help the cross-validated fit, and in technical writing
#: many are topic, not tone: 'error', 'problem', 'fail'.)
COUNTED = frozenset({"lexicon-positive"})
#: '??', '?!', '!!' (spaces allowed between): insistence, whatever the words.
_REPEATED = re.compile(r"[?!]\s*[?!]")


class Strategy(NamedTuple):
    """Where a feature first occurs (tokens ``start`` to ``end``, in ``sentence``), and its
    value: 1.0 when present, log(1 + occurrences) when counted."""

    start: int
    end: int
    sentence: int
    value: float = 1.0


class PolitenessModel(BaseModel):
    """A logistic model: P(polite) = sigmoid(intercept + sum of weight x value of the features
    found, a value being 1 for a present strategy and log(1 + occurrences) for a counted one)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str = ""
    intercept: float
    weights: dict[str, float]
    fit: dict[str, str | int | float] = Field(default_factory=dict)

    def logit(self, present: Mapping[str, float] | Iterable[str]) -> float:
        """``present``: feature -> value, or the names of features present (value 1)."""
        values: Iterable[tuple[str, float]] = (
            present.items() if isinstance(present, Mapping) else ((n, 1.0) for n in present)
        )
        return self.intercept + sum(self.weights.get(name, 0.0) * x for name, x in values)

    def probability(self, present: Mapping[str, float] | Iterable[str]) -> float:
        return 1.0 / (1.0 + math.exp(-self.logit(present)))


def model_path() -> Path:
    return builtin_rules_dir() / "models" / "politeness.toml"


@lru_cache(maxsize=4)
def load_model(path: Path | None = None) -> PolitenessModel:
    path = path or model_path()
    try:
        return PolitenessModel.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        # before the first fit: every feature weighs nothing and the score is 0.5
        return PolitenessModel(intercept=0.0, weights={})
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise RulePackError(f"{path}: {exc}") from None


@lru_cache(maxsize=1)
def valence_hashes() -> tuple[frozenset[int], frozenset[int]]:
    """LOWER hashes of VADER lexicon words that are clearly positive, and clearly negative."""
    import vaderSentiment

    path = Path(vaderSentiment.__file__).parent / "vader_lexicon.txt"
    positive: set[int] = set()
    negative: set[int] = set()
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        word, _, rest = line.partition("\t")
        try:
            valence = float(rest.split("\t", 1)[0])
        except ValueError:
            continue
        if not word.isalpha():
            continue
        if valence >= VALENCE_AT:
            positive.add(word_hash(word))
        elif valence <= -VALENCE_AT:
            negative.add(word_hash(word))
    return frozenset(positive), frozenset(negative)


def counted_strategies(lexicon: Lexicon) -> frozenset[str]:
    """Names (without the family prefix) of the politeness cues marked ``counted = true``."""
    return frozenset(c.name[len(PREFIX) + 1 :] for c in lexicon.family(PREFIX) if c.counted)


def _count(value: int) -> float:
    return math.log1p(value)


def strategies(view: MessageView, counted: Collection[str] = ()) -> dict[str, Strategy]:
    """Feature name -> where it first occurs and its value (what the model multiplies its weight
    by): 1.0 for a strategy that is present, log(1 + occurrences) for a counted one."""
    found: dict[str, Strategy] = {}
    occurrences: dict[str, int] = {}
    ends: dict[str, int] = {}
    for sentence, matches in enumerate(view.by_sentence):
        for name, start, end in matches:
            if not name.startswith(PREFIX + "."):
                continue
            key = name[len(PREFIX) + 1 :]
            if key not in found:
                found[key] = Strategy(start, end, sentence)
            if key in counted:
                # matches come sorted by start: the phrases of one occurrence overlap ('why',
                # 'why not'; 'thanks', 'many thanks') and count once
                if start >= ends.get(key, -1):
                    occurrences[key] = occurrences.get(key, 0) + 1
                ends[key] = max(end, ends.get(key, -1))
    for key, number in occurrences.items():
        found[key] = found[key]._replace(value=_count(number))
    positive, negative = valence_hashes()
    for name, lexicon in (("lexicon-positive", positive), ("lexicon-negative", negative)):
        if lexicon.isdisjoint(view.lower):
            continue
        i = next(i for i, word in enumerate(view.lower) if word in lexicon)
        value = _count(sum(word in lexicon for word in view.lower)) if name in COUNTED else 1.0
        found[name] = Strategy(i, i + 1, view.sentence_of(i), value)
    text = view.text
    for name, mark in (("question", "?"), ("exclamation", "!")):
        char = text.find(mark)
        if char >= 0:
            i = view.token_at(char)
            found[name] = Strategy(i, i + 1, view.sentence_of(i))
    repeated = _REPEATED.search(text)
    if repeated:
        i = view.token_at(repeated.start())
        found["repeated-punctuation"] = Strategy(
            i, view.token_at(repeated.end() - 1) + 1, view.sentence_of(i)
        )
    return found


def politeness_evidence(
    view: MessageView, model: PolitenessModel, counted: Collection[str] = ()
) -> list[EvidenceItem]:
    """One item per strategy present (value: what it adds to the score, in log-odds: its fitted
    weight times its value) and one for the message (``politeness.score``: the model's
    probability that people rate it polite). ``counted``: `counted_strategies` of the lexicon."""
    found = strategies(view, counted)
    items = []
    for name, (start, end, sentence, value) in sorted(found.items(), key=lambda kv: kv[1]):
        first, last = view.char_span(start, end)
        items.append(
            EvidenceItem(
                name=f"{PREFIX}.{name}",
                dimension=Dimension.respect,
                value=round(model.weights.get(name, 0.0) * value, 4),
                start=first,
                end=last,
                sentence=sentence,
            )
        )
    values = {name: strategy.value for name, strategy in found.items()}
    items.append(
        EvidenceItem.whole(
            f"{PREFIX}.score", Dimension.respect, round(model.probability(values), 4), view.text
        )
    )
    return items
