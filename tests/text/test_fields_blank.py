"""Blanking merge fields from the remembered fields gives what a substitution over the text gives."""

from __future__ import annotations

import sys
from pathlib import Path

from tonecheck.text.fields import FIELD, blank_fields

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.corpus import messages


def test_blanks_the_same_characters_as_a_substitution() -> None:
    texts = [m["text"] for m in messages(600, seed=3)]
    texts += ["{{a}} [B] {x} __ ", "[[x]] {{ y }}{{z}}", "", "£____ and $(amount)", "[ACCOUNT]"]
    changed = 0
    for text in texts:
        blanked = blank_fields(text)
        assert blanked == FIELD.sub(lambda m: " " * len(m.group()), text), text[:80]
        changed += blanked != text
    assert changed > 50
