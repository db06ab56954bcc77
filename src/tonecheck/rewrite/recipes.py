"""Sentence rewrites with captured parts, read from rules/rewrites/*.toml.

A fixed replacement string has no view of its neighbours ("Each of we haven't heard back");
a recipe captures the parts of the original sentence it must keep (the verb, the period, the
amount) and rebuilds only the harsh frame around them. Recipes are data: each carries exact
before -> after pairs, and `self_test()` proves them, so adding one never needs Python.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..errors import TonecheckError


def must_compile(value: str, problem: str) -> str:
    """`value` when it is a valid regular expression, else ``problem: <why>`` as the file's error."""
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"{problem}: {exc}") from exc
    return value


class RecipeExample(BaseModel):
    model_config = ConfigDict(extra="forbid")

    before: str
    after: str
    deadline: str | None = None


class Recipe(BaseModel):
    """One captured-part rewrite."""

    model_config = ConfigDict(extra="forbid")

    id: str
    why: str
    pattern: str
    replace: str
    needs: str | None = Field(default=None, description="'deadline': uses {by_deadline}")
    answers: tuple[str, ...] = Field(
        default=(),
        description="Finding rules whose words this rewrite takes away: a finding of one of "
        "them inside the recipe's match is answered by it, not deleted with its sentence",
    )
    example: list[RecipeExample] = Field(min_length=1)

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        return must_compile(value, "pattern does not compile")

    @property
    def regex(self) -> re.Pattern[str]:
        return _compiled(self.pattern)

    def render(self, match: re.Match[str], by_deadline: str | None) -> str:
        # a shouted capture ("PAY NOW") is written in sentence case, like the rest of the fix
        parts = {
            k: (v.lower() if v and v.isupper() and len(v) > 1 else v or "")
            for k, v in match.groupdict().items()
        }
        if by_deadline is not None:
            parts["by_deadline"] = by_deadline
        return self.replace.format(**parts)


class RecipeFileError(TonecheckError, ValueError):
    """A rules/rewrites file that cannot be read; the message names the file and what to fix."""


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def recipes_dir() -> Path:
    from ..rulebook.location import builtin_rules_dir

    return builtin_rules_dir() / "rewrites"


@lru_cache(maxsize=4)
def load_recipes(folder: Path | None = None) -> tuple[Recipe, ...]:
    folder = folder or recipes_dir()
    found: list[Recipe] = []
    for path in sorted(folder.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            found.extend(Recipe.model_validate(item) for item in data.get("recipe", []))
        except (tomllib.TOMLDecodeError, ValueError) as exc:
            raise RecipeFileError(f"{path}: {exc}; fix the [[recipe]] entry it names") from exc
    return tuple(found)


def apply_one(recipe: Recipe, text: str, by_deadline: str | None) -> str:
    """`text` with every match of `recipe` rewritten, sentence starts re-capitalised."""
    from .style import capitalise_sentence_starts

    out = recipe.regex.sub(lambda m: recipe.render(m, by_deadline), text)
    return capitalise_sentence_starts(out, text)


def self_test(recipes: tuple[Recipe, ...] | None = None) -> list[str]:
    """Failures of the recipes' own before -> after pairs (empty when all hold)."""
    failures = []
    for recipe in recipes or load_recipes():
        for example in recipe.example:
            got = apply_one(recipe, example.before, example.deadline)
            if got != example.after:
                failures.append(
                    f"{recipe.id}: {example.before!r} -> {got!r}, expected {example.after!r}"
                )
    return failures
