"""Politeness strategies (Danescu-Niculescu-Mizil et al. 2013) and the score fitted on them.

A strategy is present or not in a message (the paper's binary features); its weight comes from a
logistic model fitted on people's ratings of requests (`rules/models/politeness.toml`, written by
``bench/fit_politeness.py``). The runtime only reads the weights. Besides the cues of
``rules/evidence/politeness.toml`` the model sees a few features that are not word lists: words
of VADER's lexicon with a clearly positive or negative valence, questions and exclamations.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..models import Dimension
from ..rulebook.loader import RulePackError, builtin_rules_dir
from .items import EvidenceItem
from .view import MessageView, word_hash

PREFIX = "politeness"
#: |valence| at or above which a VADER lexicon word counts as positive or negative.
VALENCE_AT = 1.0
#: Features computed here rather than matched from a word list.
COMPUTED = ("lexicon-positive", "lexicon-negative", "question", "exclamation")


class PolitenessModel(BaseModel):
    """A logistic model: P(polite) = sigmoid(intercept + sum of weights of present features)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str = ""
    intercept: float
    weights: dict[str, float]
    fit: dict[str, str | int | float] = Field(default_factory=dict)

    def logit(self, present: Iterable[str]) -> float:
        return self.intercept + sum(self.weights.get(name, 0.0) for name in present)

    def probability(self, present: Iterable[str]) -> float:
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


def strategies(view: MessageView) -> dict[str, tuple[int, int, int]]:
    """Feature name -> (first token, end token, sentence) of its first occurrence."""
    found: dict[str, tuple[int, int, int]] = {}
    for sentence, matches in enumerate(view.by_sentence):
        for name, start, end in matches:
            if name.startswith(PREFIX + "."):
                found.setdefault(name[len(PREFIX) + 1 :], (start, end, sentence))
    positive, negative = valence_hashes()
    for name, lexicon in (("lexicon-positive", positive), ("lexicon-negative", negative)):
        if not lexicon.isdisjoint(view.lower):
            i = next(i for i, word in enumerate(view.lower) if word in lexicon)
            found.setdefault(name, (i, i + 1, view.sentence_of(i)))
    text = view.text
    for name, mark in (("question", "?"), ("exclamation", "!")):
        char = text.find(mark)
        if char >= 0:
            i = view.token_at(char)
            found.setdefault(name, (i, i + 1, view.sentence_of(i)))
    return found


def politeness_evidence(view: MessageView, model: PolitenessModel) -> list[EvidenceItem]:
    """One item per strategy present (value: its fitted weight, in log-odds) and one for the
    message (``politeness.score``: the model's probability that people rate it polite)."""
    found = strategies(view)
    items = []
    for name, (start, end, sentence) in sorted(found.items(), key=lambda kv: kv[1]):
        first, last = view.char_span(start, end)
        items.append(
            EvidenceItem(
                name=f"{PREFIX}.{name}",
                dimension=Dimension.respect,
                value=model.weights.get(name, 0.0),
                start=first,
                end=last,
                sentence=sentence,
            )
        )
    items.append(
        EvidenceItem.whole(
            f"{PREFIX}.score", Dimension.respect, round(model.probability(found), 4), view.text
        )
    )
    return items
