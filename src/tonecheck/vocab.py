"""The words every part of tonecheck shares: channels, stages, severities and their order,
dimensions and the category vocabulary.

Standard library only, so the CLI parser (which must answer ``--help`` without importing
pydantic) takes its choices from here instead of keeping copies in step.
"""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    """Where the message is delivered; targets for length and readability differ per channel."""

    email = "email"
    sms = "sms"
    letter = "letter"
    voice = "voice"


class Stage(StrEnum):
    """Where the account is in the collection cycle; decides which elements a message needs."""

    reminder = "reminder"
    overdue = "overdue"
    final_notice = "final-notice"
    payment_plan = "payment-plan"
    thank_you = "thank-you"
    other = "other"


class Severity(StrEnum):
    """How serious a finding is; the gate (`fail_on`) compares against this order."""

    suggestion = "suggestion"
    warning = "warning"
    error = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self.value]


#: Severities from least to most serious; a severity's rank is its position here plus one.
SEVERITY_ORDER: tuple[str, ...] = ("suggestion", "warning", "error")
_SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITY_ORDER, start=1)}


class Dimension(StrEnum):
    """The four things tonecheck scores. `empathy` is validation of feelings."""

    respect = "respect"
    clarity = "clarity"
    empathy = "empathy"
    transparency = "transparency"


#: The documented category vocabulary (see docs/categories.md). Rule packs may only use these,
#: so reports from different packs and teams can be aggregated by category.
CATEGORIES: dict[str, str] = {
    # respect
    "threat": "Threatens harm, arrest, legal action or exposure to pressure the reader.",
    "blame": "Blames the reader for the situation instead of stating facts.",
    "shaming": "Moral judgement or public shaming of the reader.",
    "abusive": "Profanity, insults, name-calling or crime accusations.",
    "condescension": "Talks down to the reader.",
    "shouting": "ALL CAPS or runs of exclamation marks.",
    "false-urgency": "Pressure through urgency that is not real.",
    "pressure": "Pushes the reader towards harmful choices or ultimatums.",
    "hostile-tone": "A strongly negative sentence aimed at the reader.",
    "impersonation": "Implies authority, government or legal status the sender does not have.",
    "third-party": "Involves or reveals the debt to people other than the reader.",
    "courtesy": "Courtesy and good faith towards the reader (strength).",
    # clarity
    "jargon": "Legalese or collection jargon with a plain alternative.",
    "readability": "Reading grade, sentence length or message length.",
    "passive-voice": "Passive voice that hides who acts.",
    "vague": "Vague amounts, dates or actions.",
    "double-negative": "Double negatives that are hard to parse.",
    "nominalisation": "Verbs turned into nouns that make sentences heavier.",
    "filler": "Empty formalities that delay the point.",
    "structure": "Structure that helps the reader find key facts (strength).",
    "amount": "The amount owed is stated (strength).",
    "due-date": "A due date is stated (strength).",
    "payment-method": "How to pay is stated (strength).",
    "contact": "Who to contact and how is stated (strength).",
    "identity": "The sender identifies itself (strength).",
    "missing-amount": "A payment request that does not say how much.",
    "missing-due-date": "A payment request that does not say by when.",
    "missing-payment-method": "A payment request that does not say how to pay.",
    "missing-contact": "No way to reach a person.",
    "missing-identity": "The sender does not say who they are.",
    "placeholder": "An unfilled merge field: the message would go out broken.",
    # empathy
    "empathy": "Acknowledges the reader's situation and feelings.",
    "open-question": "Invites the reader to say what would help.",
    "options": "Offers flexible options: plans, extensions, pauses.",
    "support": "Points to support: hardship programmes, accessible formats, someone to help.",
    "debt-advice": "Signposts free, independent debt advice (MoneyHelper, StepChange, NFCC ...).",
    "gratitude": "Thanks the reader.",
    "dismissive": "Dismisses the reader's circumstances.",
    "missing-empathy": "No acknowledgement of the reader's situation where the stage calls for one.",
    "missing-options": "No flexible option offered where the stage calls for one.",
    "missing-support": "No pointer to help or advice where the stage calls for one.",
    # transparency
    "consequences": "What happens next, stated as fact with a timeline.",
    "fees": "Fees and interest stated with their basis.",
    "process": "The collection process explained.",
    "rights": "The reader's rights (dispute, verification, complaints) stated.",
    "disclosure": "A legally required disclosure.",
    "vague-consequence": "A consequence hinted at but not stated.",
    "misrepresentation": "Misstates the amount, the legal position or what will happen.",
    "missing-consequences": "No factual statement of what happens next where the stage calls for one.",
    "missing-rights": "The reader's rights are not stated where they are required.",
    "missing-disclosure": "A required disclosure is missing.",
    "opt-out": "How to stop electronic messages (strength or missing).",
    "missing-opt-out": "An electronic message without a way to opt out.",
}


__all__ = ["CATEGORIES", "SEVERITY_ORDER", "Channel", "Dimension", "Severity", "Stage"]
