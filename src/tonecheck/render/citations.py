"""Where a rule's reference can be read: the public text of the law or guidance it cites.

SARIF viewers show a rule's ``helpUri`` as a link next to each result. The most useful page
behind that link is the provision the rule rests on, so the first citation in a rule's
``reference`` that has a stable public address becomes the link: the U.S. Code at Cornell LII,
Regulation F on eCFR, the FCA Handbook, the Federal Plain Language Guidelines.
"""

from __future__ import annotations

import re

_CITATION = re.compile(
    r"(?P<usc>15\s+U\.?S\.?C\.?\s+§?\s*(?P<usc_section>1692[a-p]?))"
    r"|(?P<cfr>12\s+CFR\s+(?:§\s*)?(?P<cfr_section>1006\.\d+))"
    r"|(?P<conc>CONC\s+(?P<conc_chapter>\d+)\.(?P<conc_section>\d+))"
    r"|(?P<fg>FG(?P<fg_year>\d{2})/(?P<fg_number>\d+))"
    r"|(?P<plain>Federal Plain Language Guidelines)",
    re.IGNORECASE,
)


def citation_url(reference: str | None) -> str | None:
    """The public address of the first citation in ``reference`` that has one, else None."""
    if not reference:
        return None
    match = _CITATION.search(reference)
    if match is None:
        return None
    if match.group("usc"):
        return f"https://www.law.cornell.edu/uscode/text/15/{match.group('usc_section').lower()}"
    if match.group("cfr"):
        return f"https://www.ecfr.gov/current/title-12/section-{match.group('cfr_section')}"
    if match.group("conc"):
        chapter, section = match.group("conc_chapter"), match.group("conc_section")
        return f"https://www.handbook.fca.org.uk/handbook/CONC/{chapter}/{section}.html"
    if match.group("fg"):
        year, number = match.group("fg_year"), match.group("fg_number")
        return f"https://www.fca.org.uk/publication/finalised-guidance/fg{year}-{number}.pdf"
    return "https://www.plainlanguage.gov/guidelines/"


__all__ = ["citation_url"]
