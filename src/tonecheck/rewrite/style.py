"""Case and punctuation fixes that need no rule text: ALL CAPS to sentence case (acronyms and
merge fields kept), runs of "!" to one full stop, and sentence starts capitalised after an edit.
"""

from __future__ import annotations

import re

from .slots import MERGE_FIELD

#: Capitals that are words in their own right and stay capitals in sentence case.
ACRONYMS = frozenset(
    [
        "I",
        "ID",
        "PIN",
        "USD",
        "GBP",
        "EUR",
        "UK",
        "US",
        "USA",
        "FCA",
        "CFPB",
        "FDCPA",
        "CONC",
        "HMRC",
        "DVLA",
        "NHS",
        "CCJ",
        "IVA",
        "DMP",
        "LLC",
        "LTD",
        "INC",
        "PLC",
        "STOP",
        "HELP",
        "SMS",
        "ACH",
        "ATM",
        "PO",
        "VAT",
        "ASAP",
        "FAQ",
        "OK",
        "TV",
        "PDF",
        "URL",
        "APR",
        "DWP",
        "IRS",
    ]
)
#: Capitals that are also everyday words, kept only where the words before them make them the
#: acronym: "THE US", "IN US" dollars; "REPLY STOP OR HELP". "LET US HELP YOU" is a pronoun and
#: a verb.
_AMBIGUOUS = {
    "US": re.compile(r"(?:\bTHE|\bIN|^)[ ,]*$"),
    "HELP": re.compile(r"\b(?:STOP|REPLY|TEXT|SEND)\b[ ,]*(?:OR[ ,]+)?$"),
}
#: Words in capitals with what may stand between them in one shouted run: spaces and
#: punctuation, an ellipsis ("DECLINED…CALL"), a masked card number ("CARD ****-5463"), digits.
_SHOUT_RUN = re.compile(r"(?:\b[A-Z][A-Z'’-]*\b[ ,.:;!?$£€\d*…/&#-]*){3,}")
_INNER_START = re.compile(r"((?:[.!?]\s+|…\s*))([a-z])")
_BANGS = re.compile(r"(?:\s*!){2,}|!(?=\s*$)|!(?=\s+[A-Z])")
_SENTENCE_START = re.compile(r"(^|[.!?:]\s+|\n\s*)([a-z])")


#: Names that keep their capital in sentence case: "BY 3 JUNE" -> "by 3 June".
_CALENDAR = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)
#: "MAY" is the month only beside a day or year: "3 MAY", "MAY 3, 2026"; else the verb.
_DATED_MAY = re.compile(r"\d[\s,]*$")


def _is_calendar_name(run: str, w: re.Match[str]) -> bool:
    token = w.group(0).lower()
    if token in _CALENDAR:
        return True
    if token != "may":
        return False
    return bool(_DATED_MAY.search(run[: w.start()]) or re.match(r"[\s,]*\d", run[w.end() :]))


def _is_shouting(run: str) -> bool:
    letters = [c for c in run if c.isalpha()]
    return len(letters) >= 8 and all(c.isupper() for c in letters)


def sentence_case(text: str) -> str:
    """Lower-case runs of three or more capitalised words, keeping acronyms, fields and the
    capital that starts a sentence."""
    fields = [m.span() for m in MERGE_FIELD.finditer(text)]

    def fix(m: re.Match[str]) -> str:
        run = m.group(0)
        if not _is_shouting(run):
            return run
        if any(m.start() < b and a < m.end() for a, b in fields):
            return run

        def word(w: re.Match[str]) -> str:
            token = w.group(0)
            if _is_calendar_name(run, w):
                return token.capitalize()
            if token in _AMBIGUOUS and not _AMBIGUOUS[token].search(run[: w.start()]):
                return token.lower()
            return token if token in ACRONYMS or any(c.isdigit() for c in token) else token.lower()

        lowered = re.sub(r"[A-Za-z'’-]+", word, run)
        # a sentence that ends inside the run: the next one keeps its capital
        lowered = _INNER_START.sub(lambda s: s.group(1) + s.group(2).upper(), lowered)
        # an opening bracket or quote before the run does not end what precedes it:
        # "(NOTICE: SEE REVERSE)" after a full stop opens a sentence of its own
        before = text[: m.start()].rstrip(" \t\"'“(")
        if not before or before[-1] in ".!?:\n":
            # a heading or sentence keeps its first capital: "WHERE YOU ARE" -> "Where you are"
            first = re.search(r"[a-z]", lowered)
            if first and lowered[: first.start()].strip(" \"'“(") == "":
                lowered = (
                    lowered[: first.start()]
                    + lowered[first.start()].upper()
                    + lowered[first.end() :]
                )
        return lowered

    out = _SHOUT_RUN.sub(fix, text)
    return capitalise_sentence_starts(out, text)


def calm_punctuation(text: str) -> str:
    """'!!!' and a shouted '!' at a sentence end become '.'."""
    return _BANGS.sub(".", text)


def capitalise_sentence_starts(text: str, original: str) -> str:
    """Upper-case a sentence's first letter where an edit left it lower case (and the original
    did not start that way)."""
    if text and text[0].islower() and not (original and original[0].islower()):
        text = text[0].upper() + text[1:]
    return (
        _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)
        if _needs(text, original)
        else text
    )


def _needs(text: str, original: str) -> bool:
    return len(_SENTENCE_START.findall(text)) > 0 and len(_SENTENCE_START.findall(original)) == 0
