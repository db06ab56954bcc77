"""Graded evidence the rule packs cannot give: how polite, how certain, how conditional, who acts
on whom, how much pressure, how threatening a legal step sounds, how specific a consequence is.

Everything is read from the spaCy Doc the checker already builds; the word lists are data in
``rules/evidence/`` and the fitted weights in ``rules/models/``. See docs/evidence.md.
"""

from .collect import Evidence, collect_evidence, default_evidence
from .items import WHOLE_MESSAGE, EvidenceItem
from .summary import summarise

__all__ = [
    "WHOLE_MESSAGE",
    "Evidence",
    "EvidenceItem",
    "collect_evidence",
    "default_evidence",
    "summarise",
]
