"""The audit report's way from a count back to the messages: each rule and category row links to
a list of the first messages it fired on, named by their own ids, and each of those links on to
the message itself when it is among the ones shown for review.

Only a bounded sample is kept per rule (`summary.EXAMPLES_KEPT`), so the note under each list
says where the full set lives: the ``findings`` table of a SQLite output.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .charts import e
from .summary import EXAMPLES_KEPT

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


def anchor(kind: str, name: str) -> str:
    """The fragment id of one rule's or category's list (ids and categories are short ASCII
    names, but a user pack may use anything, so other characters become dashes)."""
    return f"{kind}-{_UNSAFE.sub('-', name)}"


def linked(kind: str, name: str, html: str, totals: Mapping[str, Any]) -> str:
    """`html` as a link to the list behind it, when the audit kept any messages for it."""
    if not totals.get("examples"):
        return html
    return f'<a href="#{e(anchor(kind, name))}">{html}</a>'


def section(
    rules: list[tuple[str, dict[str, Any]]],
    categories: list[tuple[str, dict[str, Any]]],
    worst_rank: Mapping[str, int],
) -> str:
    """The lists themselves, one closed ``<details>`` per rule and category (the page's script
    opens the one a link points at)."""
    if not any(t.get("examples") for _, t in [*rules, *categories]):
        return ""
    out = [
        '<section id="trace"><h2>Messages behind each rule and category</h2>'
        f'<p class="note">Up to {EXAMPLES_KEPT} messages each, in the order they were read; a '
        "SQLite output lists every one (<code>SELECT * FROM findings WHERE rule = '…'</code>).</p>"
    ]
    for kind, items in (("rule", rules), ("category", categories)):
        for name, totals in items:
            examples = totals.get("examples") or []
            if not examples:
                continue
            label = f"<code>{e(name)}</code>" if kind == "rule" else e(name)
            out.append(
                f'<details class="trace" id="{e(anchor(kind, name))}"><summary>{kind} {label}'
                f" — {totals['messages']:,} messages</summary><ol>"
            )
            for example in examples:
                out.append(f"<li>{_example(example, worst_rank)}</li>")
            out.append("</ol>")
            if totals["messages"] > len(examples):
                out.append(f'<p class="note">First {len(examples)} of {totals["messages"]:,}.</p>')
            out.append("</details>")
    out.append("</section>")
    return "\n".join(out)


def _example(example: Mapping[str, Any], worst_rank: Mapping[str, int]) -> str:
    own = example.get("id")
    name = e(own) if own else e(example.get("location") or example.get("key") or "")
    rank = worst_rank.get(example.get("key") or "")
    if rank is not None:
        name = f'<a href="#worst-{rank}">{name}</a>'
    parts = [f"<b>{name}</b>"]
    if own and example.get("location"):
        parts.append(e(example["location"]))
    if example.get("rule"):
        parts.append(f"<code>{e(example['rule'])}</code>")
    if example.get("span"):
        parts.append(f"“{e(example['span'])}”")
    return " · ".join(parts)
