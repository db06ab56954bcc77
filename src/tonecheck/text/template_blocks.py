"""Template-engine block tags read as the gaps they are.

A template's control tags — Jinja/Liquid ``{% if overdue %}``, ``{%- endif -%}`` and ``{# notes
#}``, Handlebars/Mustache ``{{#if late}}``, ``{{else}}``, ``{{/if}}``, ``{{^paid}}``, ``{{! notes
}}``, ``{{> partial}}`` — never reach the reader; the words between them do, one branch or another.
Glued to those words (``%}You ignored our letters``) they hide them from the tokenizer, so the
sentence inside a conditional went unread. In template mode each tag is replaced by spaces of the
same length before the text is parsed: every branch is read, sentences split where a tag ends
one, and every character offset still points into the original text.

Value fields (``{{ amount | currency }}``) are not block tags: they stay for the merge-field
reading (`detectors.placeholders`).
"""

from __future__ import annotations

import re

BLOCK_TAG = re.compile(
    r"\{%-?.*?-?%\}"  # Jinja / Liquid statements: {% if x %}, {%- endfor -%}
    r"|\{#.*?#\}"  # Jinja comments
    r"|\{\{~?\s*[#/^!>][^{}]*?~?\}\}"  # Handlebars / Mustache sections, comments, partials
    r"|\{\{~?\s*else(?:\s+if\b[^{}]*)?\s*~?\}\}",  # Handlebars {{else}}, {{else if x}}
    re.DOTALL,
)


def blank_block_tags(text: str) -> str:
    """`text` with every template block tag replaced by as many spaces (line breaks kept, so a
    tag that spans lines keeps the lines where they were)."""
    if "{%" not in text and "{#" not in text and "{{" not in text:
        return text
    return BLOCK_TAG.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
