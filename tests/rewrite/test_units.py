"""Recipes prove their own pairs; budgets, safety checks and zones on hand-built cases."""

from __future__ import annotations

import pytest

from tonecheck.rewrite import budget
from tonecheck.rewrite.recipes import load_recipes, self_test
from tonecheck.rewrite.safety import in_negation_scope, new_problems
from tonecheck.rewrite.slots import in_style, read_slots
from tonecheck.rulebook.loader import available_packs
from tonecheck.text.zones import ZoneKind, zones


def test_every_recipe_example_holds() -> None:
    assert load_recipes(), "rules/rewrites holds recipes"
    assert self_test() == []


def test_every_answered_rule_exists() -> None:
    """A misspelt id in a recipe's `answers` would silently let the sentence be deleted."""
    from tonecheck import Checker
    from tonecheck.detectors.threats import load_threat_findings

    ruleset = Checker().resources.ruleset
    known = {r.id for r in ruleset.rules} | {r.id for r in ruleset.requirements}
    known |= {f.id for f in load_threat_findings().finding}
    answered = {rule for recipe in load_recipes() for rule in recipe.answers}
    assert answered, "some recipe answers a finding"
    assert answered <= known, sorted(answered - known)


def test_rewrites_folder_is_not_a_rule_pack() -> None:
    assert "rewrites" not in available_packs()


def test_gsm7_and_ucs2_segments() -> None:
    assert budget.sms_segments("a" * 160) == 1
    assert budget.sms_segments("a" * 161) == 2
    assert budget.sms_segments("a" * 159 + "€") == 2  # an extension character counts double
    assert budget.sms_segments("a" * 69 + "…") == 1
    assert budget.sms_segments("a" * 70 + "…") == 2  # one ellipsis forces UCS-2


@pytest.mark.parametrize(
    ("before", "after", "kind"),
    [
        ("Please reply.", "Please please reply.", "doubled-word"),
        ("Each of us has not heard back.", "Each of we has not heard back.", "closed-class-pair"),
        ("Pay the balance.", "Pay an the balance.", "closed-class-pair"),
        ("Pay today, or call us.", "Pay today. Or call us.", "leading-conjunction"),
        (
            "Ask someone to call for you, as delay may cost you.",
            "Ask someone to call for you. As delay may cost you.",
            "leading-conjunction",
        ),
        ("- one\n- two", "- one\n- ", "empty-list-item"),
        ("PLEASE PAY THE FULL BALANCE TODAY", "PLEASE PAY THE FULL balance TODAY", "case-mismatch"),
    ],
)
def test_safety_names_the_defect(before: str, after: str, kind: str) -> None:
    assert kind in new_problems(before, after)
    assert new_problems(before, before) == []


def test_negation_scope() -> None:
    text = "There is no rush to pay it all at once."
    assert in_negation_scope(text, text.index("pay"))
    assert not in_negation_scope("Please pay it all today.", 7)


def test_slots_read_every_field_syntax() -> None:
    for field in ("{{amount}}", "%AMOUNT%", "[AMOUNT]", "${balance}", "*|AMOUNT|*", "$___"):
        table = read_slots(f"Your balance of {field} is due.")
        assert table.filled("amount"), field
    assert read_slots("Pay within 14 days of this notice.").filled("deadline")
    assert not read_slots("Please pay.").filled("deadline")
    assert in_style("[DUE DATE]", "{{amount}}") == "{{due_date}}"
    assert in_style("[DUE DATE]", "%AMOUNT%") == "%DUE_DATE%"


def _kinds(text: str, channel: str) -> dict[str, str]:
    return {z.kind.value: text[z.start : z.end] for z in zones(text, channel)}


def test_zones_letter() -> None:
    text = (
        "ACME COLLECTIONS\nAccount: 4455\n\nDear Sam,\n\nWe have not heard from you.\n\n"
        "Very truly,\nJane Smith\n\nThis is an attempt to collect a debt."
    )
    kinds = _kinds(text, "letter")
    assert kinds["header"] == "ACME COLLECTIONS\nAccount: 4455"
    assert kinds["greeting"] == "Dear Sam,"
    assert kinds["body"] == "We have not heard from you."
    assert kinds["closing"] == "Very truly,"
    assert kinds["signature"] == "Jane Smith"
    assert kinds["footer"] == "This is an attempt to collect a debt."


def test_a_trailing_account_block_leaves_the_body_where_it_starts() -> None:
    # before: the body zone started after the account block, so it was empty and inserts went
    # between "the following link" and the link
    text = (
        "Your subscription payment has failed.\n\nPlease click the following link to update"
        " your billing details.\n\n{{ login_url }}\n\nAccount: {{ name }} ({{ email }})"
    )
    kinds = _kinds(text, "email")
    assert kinds["body"].startswith("Your subscription payment has failed.")
    assert kinds["footer"] == "Account: {{ name }} ({{ email }})"


def test_zones_sms_and_voice() -> None:
    sms = _kinds("Acme: your payment is late. Reply STOP to opt out.", "sms")
    assert sms["header"] == "Acme:" and sms["footer"] == "Reply STOP to opt out."
    voice = zones("Hi, this is Jo from Acme. Please call us. Call back on 555 123 4567.", "voice")
    assert voice[0].kind is ZoneKind.header and voice[-1].kind is ZoneKind.closing


def test_every_next_step_example_holds() -> None:
    from tonecheck.rewrite.next_step import load_steps
    from tonecheck.rewrite.next_step import self_test as steps_self_test

    assert load_steps(), "rules/rewrites/next_steps.toml holds steps"
    assert steps_self_test() == []


def test_a_threat_that_names_no_lawful_step_gets_none() -> None:
    from tonecheck.rewrite.next_step import step_for

    assert step_for("or we will call your employer") is None
    assert step_for("or we will take you to court") is not None
    # before: "suspend all bank accounts" became "we may suspend the service"
    frozen = step_for("a motion is being filed to suspend all bank accounts and tax returns")
    assert frozen is None or frozen.kind != "service"
    assert step_for("your service will be suspended").kind == "service"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "kept", "step"),
    [
        (
            "Dear Sam,\n\nPlease pay $95 by 12 June 2026 or we will take you to court.\n\nRegards,\nJo",
            "Please pay $95 by 12 June 2026",
            "Please pay $95 by 12 June 2026. If the balance is not paid by then, we may start a court claim.",
        ),
        (
            "Dear Sam,\n\nIf the $95 is not paid within 7 days of this notice, we will sue you "
            "without warning.\n\nRegards,\nJo",
            "If the $95 is not paid within 7 days of this notice, ",
            "we may start a court claim.",
        ),
    ],
    ids=["clause", "outcome-of-condition"],
)
def test_threat_clause_becomes_the_factual_next_step(text: str, kept: str, step: str) -> None:
    from tonecheck import Checker
    from tonecheck.config import Config

    revised = Checker(Config()).check(text, channel="email", stage="overdue").rewrite()
    assert kept in revised and step in revised
    assert "sue" not in revised and "take you to court" not in revised


@pytest.mark.parametrize(
    ("text", "slot", "insert", "merged"),
    [
        ("Please pay.", "deadline", "Please pay by [DUE DATE].", "Please pay by [DUE DATE]."),
        (
            "Your account is overdue. Please pay the balance.",
            "amount",
            "The amount due is [AMOUNT].",
            "Your account is overdue. Please pay the balance of [AMOUNT].",
        ),
        (
            "Please pay by 3 May 2026.",
            "amount",
            "The amount due is $40.",
            "Please pay $40 by 3 May 2026.",
        ),
    ],
)
def test_amount_and_date_merge_into_the_ask(text: str, slot: str, insert: str, merged: str) -> None:
    from tonecheck.rewrite.merge import merge_into_ask

    assert merge_into_ask(text, "email", slot, insert) == merged


@pytest.mark.parametrize(
    "text",
    [
        "There is no rush to pay.",  # negated: merging a date would change the meaning
        "Could you pay?",
        "Please pay by 3 May 2026.",  # the date is already there
        "Please pay the balance when you can.",  # not a plain ask
    ],
)
def test_no_merge_where_the_ask_would_change(text: str) -> None:
    from tonecheck.rewrite.merge import merge_into_ask

    assert merge_into_ask(text, "email", "deadline", "Please pay by [DUE DATE].") is None


def test_opening_insert_never_splits_an_abbreviation() -> None:
    from tonecheck.rewrite.inserts import opening_point

    text = (
        "Dear Alex Reizner, This notice, about your loan held by the U.S. Department of "
        "Education, is from National Recoveries, Inc."
    )
    at = opening_point(text, "letter")
    assert not text[:at].endswith(("U.", "U.S.")), text[:at]


def test_inserts_reuse_the_messages_own_values() -> None:
    from tonecheck.rewrite.inserts import _own_values

    slots = read_slots("Your payment was due on 1 Nov. Call 0800 123 4567.")
    assert (
        _own_values("If it is still unpaid on [DUE DATE], we will write to you.", slots)
        == "If it is still unpaid, we will write to you."
    )
    assert (
        _own_values("You can pay by phone on [CONTACT].", slots)
        == "You can pay by phone on 0800 123 4567."
    )
    bare = read_slots("Please pay.")
    assert _own_values("Please pay by [DUE DATE].", bare) == "Please pay by [DUE DATE]."


def test_sms_insert_goes_before_its_closing_link() -> None:
    from tonecheck.rewrite.inserts import _place

    text = "Acme: your payment of {amount} is due on {due_date}. Pay in one tap: {link}."
    placed = _place(text, [("missing-contact", "Questions? {contact}.")], "sms")
    assert placed.endswith("Pay in one tap: {link}.")
    assert "Questions? {contact}. Pay in one tap" in placed


def test_a_threat_set_for_a_time_becomes_the_step_on_that_condition() -> None:
    from tonecheck.rewrite.next_step import restate_dated

    text = "Your payment is late. You have 48 hours before your service is cut off. Thanks."
    start = text.index("service is cut off")
    edit = restate_dated(text, start, start + 18, [], "rule")
    assert edit is not None
    assert text[edit.start : edit.end] == "You have 48 hours before your service is cut off. "
    assert edit.text == "If the balance is not paid within 48 hours, we may suspend the service. "
    # no step named: nothing to restate
    other = "You have 48 hours before we call your employer."
    assert restate_dated(other, other.index("call"), len(other) - 1, [], "rule") is None


def test_no_edit_cuts_through_a_template_expression() -> None:
    from tonecheck.rewrite.apply import apply_safely as _apply_safely
    from tonecheck.rewrite.edit import Edit

    text = "Plan: ${isDaily ? 'DAILY' : 'WEEKLY'} ends soon. Please pay."
    cut = text.index("? 'DAILY'") + 2
    revised, applied = _apply_safely(text, [Edit(cut, len(text), "", "rule")], None)
    assert (revised, applied) == (text, 0)


def test_a_whole_sentence_step_stays_where_the_threat_was() -> None:
    from tonecheck.rewrite.edit import Edit
    from tonecheck.rewrite.next_step import state_next_steps

    text = "Hello Sam. We will take you to court. Please call us on 0800 123 4567."
    start = text.index("We will")
    end = text.index("Please")
    edits = state_next_steps(text, [Edit(start, end, "", "t")], frozenset({"t"}), "")
    assert (edits[0].start, edits[0].end) == (start, end)
    assert edits[0].text == "If the balance is not paid, we may start a court claim. "


def test_outcome_of_a_condition_survives_a_comma_in_the_date() -> None:
    from tonecheck.rewrite.edit import Edit
    from tonecheck.rewrite.next_step import state_next_steps

    text = "If it is not paid within 7 days, we will sue you. Thanks."
    start = text.index(", we will")
    end = text.index(". Thanks")
    edits = state_next_steps(
        text, [Edit(start, end, "", "t")], frozenset({"t"}), "by March 11, 2016"
    )
    assert edits[0].text == ", we may start a court claim"
