"""Merge fields: one grammar for every placeholder syntax, and the kind of value each stands for.

A template is read like the message it becomes: ``{{ inv.amount | currency }}`` states an amount,
``«Due_Date»`` a date, ``[PAYMENT LINK]`` a way to pay, whatever the template engine. Every part
of tonecheck that has to know whether a stretch of text is a field (the placeholder detector, the
values of a sentence, shouting, the rule matches) asks this module, so a syntax added here is
seen everywhere at once. The kind words are data (``rules/evidence/fields.toml``).

What is *not* a field, because real messages are full of it: an editor's alteration in a quoted
letter (``[t]he``, ``[sic]``, ``obligat[ion]``), a footnote mark (``[1]``), an HTML tag
(``<br>``, ``</p>``, ``<x-mail::message>``), an e-mail address in angle brackets, CSS in braces.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from ..rulebook.location import RulePackError, builtin_rules_dir

#: Kinds in the order they are tried; the names are the strength categories they satisfy.
KINDS = ("due-date", "payment-method", "contact", "amount", "identity")

_HTML_TAGS = (
    "a|b|i|u|s|p|br|hr|em|strong|span|div|table|tbody|thead|tfoot|tr|td|th|ul|ol|li|html|head|"
    "body|title|meta|style|script|img|center|font|small|big|sup|sub|h[1-6]|blockquote|pre|code|"
    "section|header|footer|main|nav|label|input|form|button|tt|t|template|mj-[a-z-]+"
)
FIELD = re.compile(
    r"\{\{[^{}\n]{1,200}\}\}"  # {{ amount }}, {{ inv.amount | currency }}, Blade expressions
    r"|\{%[^{}\n]{1,200}%\}"  # {% if ... %}: control, no value, but not the reader's words
    r"|\$\{[^{}\n]{1,60}\}"  # ${name}
    r"|\{[A-Za-z_$][^{}:;\n]{0,60}\}"  # {first_name}, {Customer Name}
    r"|(?<![A-Za-z])\[\[?(?![a-z]{1,3}\]|sic\]|\d+\]|\.{3}\]|…\])[^\[\]\n]{1,60}\]\]?(?![A-Za-z(])"
    r"|«[^«»\n]{1,60}»|<<[^<>\n]{1,60}>>"  # «Client_Total», <<Amount>>
    r'|<t\s+t-(?:out|esc|field|raw)="[^"\n]{1,120}"\s*/?>'  # Odoo QWeb <t t-out="object.name"/>
    rf"|<\s*(?!(?:{_HTML_TAGS})\s*/?>)[A-Za-z][A-Za-z0-9 _.'’-]{{0,40}}>"  # <first_name>, <Balance 1>
    r"|%[A-Za-z_][A-Za-z0-9_]{1,40}%"  # %NAME%
    r"|(?<=[$£€])\s?\([^()\n]{1,40}\)"  # $(amount), $ (less than full payment)
    r"|\((?:insert|enter|specify|add|state)\b[^()\n]{1,60}\)"  # (insert date)
    # £____, "by ____": a blank to fill in by hand, not a line of underscores drawn as a rule
    r"|(?<=[^\s_])_{3,30}(?!_)|(?<=[^\s_] )_{3,30}(?!_)"
)
_OPENERS = "[{«<%_($£€"
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_WORD = re.compile(r"[A-Za-z]+")
_CURRENCY = "$£€"


@dataclass(frozen=True, slots=True)
class MergeField:
    start: int
    end: int
    text: str
    #: One of `KINDS`, or None for a field that names no value ([Customer Name], [NUMBER]).
    kind: str | None


def has_fields(text: str) -> bool:
    """Whether ``text`` may hold a merge field (a cheap test before the pattern runs)."""
    return any(c in text for c in _OPENERS)


@lru_cache(maxsize=1)
def _kind_words() -> tuple[tuple[str, frozenset[str]], ...]:
    path = builtin_rules_dir() / "evidence" / "fields.toml"
    try:
        words = tomllib.loads(path.read_text(encoding="utf-8"))["words"]
        return tuple((kind, frozenset(w.lower() for w in words[kind])) for kind in KINDS)
    except (OSError, KeyError, tomllib.TOMLDecodeError) as exc:
        raise RulePackError(f"{path}: {exc!r}: every kind in {KINDS} needs a word list") from None


def field_words(field: str) -> set[str]:
    """The words of a field's name: ``{{ inv.balanceDue | currency }}`` -> inv, balance, due,
    currency."""
    return {w.lower() for w in _WORD.findall(_CAMEL.sub(" ", field))}


def field_kind(field: str, before: str = "") -> str | None:
    """The kind of value a field stands for, from the words of its name; a blank or a
    parenthesis right after a currency sign (``£____``, ``$(amount)``) is an amount."""
    if before and before[-1] in _CURRENCY:
        return "amount"
    names = field_words(field)
    for kind, words in _kind_words():
        if names & words:
            return kind
    return None


def find_fields(text: str) -> list[MergeField]:
    """Every merge field of ``text``, in order."""
    if not has_fields(text):
        return []
    return list(_fields_of(text))


@lru_cache(maxsize=8)
def _fields_of(text: str) -> tuple[MergeField, ...]:
    """Remembered for the last few texts: three scorers of one check ask for the same text's
    fields, and the pattern scan is most of the cost."""
    out = []
    for match in FIELD.finditer(text):
        before = text[max(0, match.start() - 2) : match.start()].strip()
        out.append(
            MergeField(match.start(), match.end(), match.group(), field_kind(match.group(), before))
        )
    return tuple(out)


def blank_fields(text: str) -> str:
    """``text`` with every field replaced by spaces (offsets kept): the words the reader reads."""
    if not has_fields(text):
        return text
    # from the remembered fields of the text (the scorers asked for them already) rather than
    # a second scan; `sub` would replace the same matches
    parts: list[str] = []
    at = 0
    for field in _fields_of(text):
        parts += [text[at : field.start], " " * (field.end - field.start)]
        at = field.end
    parts.append(text[at:])
    return "".join(parts)


def inside_field(fields: list[MergeField], start: int, end: int) -> bool:
    """Whether the span ``start:end`` lies within one field (a caps run inside
    "[ACCOUNT HOLDER FULL NAME]" is the field's name, not a raised voice)."""
    return any(f.start <= start and end <= f.end for f in fields)
