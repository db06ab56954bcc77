"""Graded evidence (src/tonecheck/evidence): readings move the way their meaning says."""

from __future__ import annotations

import importlib.util
import json
import math
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tonecheck
from tonecheck.evidence import WHOLE_MESSAGE, Evidence, EvidenceItem, collect_evidence
from tonecheck.evidence.lexicon import Lexicon, load_lexicon, read_evidence_files
from tonecheck.evidence.politeness import (
    COMPUTED,
    PREFIX,
    PolitenessModel,
    Strategy,
    load_model,
    strategies,
)
from tonecheck.rulebook import RulePackError, available_packs

ROOT = Path(__file__).resolve().parents[2]
FAMILIES = {
    "politeness",
    "modality",
    "frame",
    "pressure",
    "agency",
    "threat",
    "threat-context",
    "consequence",
    "consequence-basis",
    "empathy",
    "courtesy",
    "receipt",
    "disrespect",
}


@pytest.fixture(scope="module")
def read(checker: tonecheck.Checker) -> Any:
    nlp = checker.resources.nlp

    def run(text: str) -> list[EvidenceItem]:
        return collect_evidence(nlp(text), text=text)

    return run


def values(items: list[EvidenceItem], name: str) -> list[float]:
    return [i.value for i in items if i.name == name]


def names(items: list[EvidenceItem]) -> set[str]:
    return {i.name for i in items}


def message_value(items: list[EvidenceItem], name: str) -> float:
    (value,) = [i.value for i in items if i.name == name and i.sentence == WHOLE_MESSAGE]
    return value


# --- data -------------------------------------------------------------------------------------


def test_every_cue_belongs_to_a_known_family() -> None:
    lexicon = load_lexicon()
    assert lexicon.cues
    assert {name.partition(".")[0] for name in lexicon.cues} <= FAMILIES


def test_evidence_and_model_folders_are_not_rule_packs() -> None:
    packs = available_packs()
    assert "core" in packs
    assert "evidence" not in packs and "models" not in packs


def test_a_broken_evidence_file_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text('[[cue]]\nname = "Not Dotted"\nphrases = ["x"]\n')
    with pytest.raises(RulePackError, match=r"bad\.toml"):
        read_evidence_files(tmp_path)


def test_a_cue_defined_twice_is_refused(tmp_path: Path) -> None:
    for stem in ("one", "two"):
        (tmp_path / f"{stem}.toml").write_text('[[cue]]\nname = "pressure.x"\nphrases = ["x"]\n')
    with pytest.raises(RulePackError, match="defined twice"):
        Lexicon(read_evidence_files(tmp_path))


def test_the_fitted_model_weighs_exactly_the_current_strategies() -> None:
    """A cue added to politeness.toml needs a refit (bench/fit_politeness.py)."""
    model = load_model()
    cues = {c.name[len(PREFIX) + 1 :] for c in load_lexicon().family(PREFIX)}
    assert set(model.weights) == cues | set(COMPUTED)
    assert all(math.isfinite(w) for w in model.weights.values())
    assert model.fit["cv_auc"] > 0.8  # type: ignore[operator]


def test_probability_is_the_logistic_of_the_weights() -> None:
    model = PolitenessModel(intercept=-1.0, weights={"a": 2.0, "b": -0.5})
    assert model.probability(["a", "b"]) == pytest.approx(1 / (1 + math.exp(-0.5)))
    assert model.probability([]) == pytest.approx(1 / (1 + math.e))


def test_a_counted_feature_weighs_its_value() -> None:
    model = PolitenessModel(intercept=-1.0, weights={"a": 2.0, "b": -0.5})
    assert model.logit({"a": 0.5, "b": 2.0}) == pytest.approx(-1.0)
    assert model.probability({"a": 1.0}) == pytest.approx(model.probability(["a"]))


def test_a_missing_model_weighs_nothing(tmp_path: Path) -> None:
    model = load_model(tmp_path / "absent.toml")
    assert model.probability(["gratitude"]) == 0.5


def test_the_fit_never_reads_held_out_records(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "fit_politeness", ROOT / "bench/fit_politeness.py"
    )
    assert spec and spec.loader
    module: Any = importlib.util.module_from_spec(spec)
    sys.modules["fit_politeness"] = module
    spec.loader.exec_module(module)
    rows = [
        {"id": "wiki-11", "domain": "wikipedia", "labels": {"binary": 1}},
        {"id": "wiki-10", "domain": "wikipedia", "labels": {"binary": 1}},
        {"id": "wiki-12", "domain": "wikipedia", "labels": {"binary": 0}},
        {"id": "se-13", "domain": "stackexchange", "labels": {"binary": -1}},
        {"id": "wiki-14", "domain": "wikipedia", "labels": {"binary": -1}},
    ]
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    assert [r["id"] for r in module.training_records(path)] == ["wiki-11", "wiki-14"]


# --- items ------------------------------------------------------------------------------------


def test_items_point_into_the_text(checker: tonecheck.Checker) -> None:
    nlp = checker.resources.nlp
    spec = importlib.util.spec_from_file_location("corpus_load", ROOT / "tests/corpus/load.py")
    assert spec and spec.loader
    module: Any = importlib.util.module_from_spec(spec)
    sys.modules["corpus_load"] = module
    spec.loader.exec_module(module)
    evidence = Evidence()
    for message in module.load_corpus():
        doc = nlp(message.text)
        items = evidence.collect(doc, message.text)
        assert items == evidence.collect(doc)  # the text argument only saves time
        sentences = len(list(doc.sents))
        for item in items:
            assert 0 <= item.start < item.end <= len(message.text), (message.id, item)
            assert item.sentence == WHOLE_MESSAGE or 0 <= item.sentence < sentences
            assert item.family in FAMILIES
        for summary in ("politeness.score", "threat.max", "consequence.best"):
            assert 0.0 <= message_value(items, summary) <= 1.0


def test_an_empty_message_has_only_summaries(read: Any) -> None:
    items = read(" ")
    assert all(i.sentence == WHOLE_MESSAGE for i in items)
    assert message_value(items, "threat.max") == 0.0


# --- politeness ---------------------------------------------------------------------------------


def test_strategies_are_found_where_their_definition_says(read: Any) -> None:
    found = names(read("Hi Sam, thanks for the update. Could you please send the form? Call us."))
    assert {
        "politeness.greeting",
        "politeness.gratitude",
        "politeness.counterfactual-modal",
        "politeness.please",
        "politeness.imperative",
        "politeness.question",
    } <= found
    assert "politeness.please-start" not in found
    assert "politeness.please-start" in names(read("Please send the form."))


def test_people_ordered_politeness_is_kept(read: Any) -> None:
    polite = read("Hi, could you please take a look when you have a moment? Thanks so much!")
    rude = read("Why did you delete it? Fix it now.")
    assert message_value(polite, "politeness.score") > 0.7
    assert message_value(rude, "politeness.score") < 0.3


def found_in(evidence: Evidence, checker: tonecheck.Checker, text: str) -> dict[str, Strategy]:
    view = evidence.view(checker.resources.nlp(text), text)
    return strategies(view, evidence.counted)


def test_densities_are_counted_and_strategies_are_present(checker: tonecheck.Checker) -> None:
    evidence = Evidence()
    assert "negation" in evidence.counted
    found = found_in(evidence, checker, "I don't know. It is not mine and I never said it was not.")
    assert found["negation"].value == pytest.approx(math.log1p(4))  # n't, not, never, not
    found = found_in(evidence, checker, "Thanks. Thank you, many thanks.")
    assert found["gratitude"].value == 1.0  # a strategy: present once, however often said
    one = found_in(evidence, checker, "A great day.")["lexicon-positive"].value
    three = found_in(evidence, checker, "A great, wonderful, lovely day.")["lexicon-positive"].value
    assert (one, three) == (pytest.approx(math.log1p(1)), pytest.approx(math.log1p(3)))


def test_overlapping_phrases_of_a_counted_cue_count_once(
    checker: tonecheck.Checker, tmp_path: Path
) -> None:
    folder = tmp_path / "evidence"
    shutil.copytree(ROOT / "rules" / "evidence", folder)
    with (folder / "politeness.toml").open("a", encoding="utf-8") as handle:
        handle.write(
            '\n[[cue]]\nname = "politeness.probe"\ncounted = true\n'
            'phrases = ["why", "why not", "not then"]\n'
        )
    evidence = Evidence(lexicon=Lexicon(read_evidence_files(folder)))
    found = found_in(evidence, checker, "Why not? Why not then? Why.")
    # 'why not' + 'not then' overlap: one occurrence; 'why' alone: another
    assert found["probe"].value == pytest.approx(math.log1p(3))
    assert found["probe"][:3] == (0, 1, 0)


def test_repeated_question_and_exclamation_marks(read: Any) -> None:
    for text in ("Did you even read it??", "Really?!", "Stop it! ! Now."):
        assert "politeness.repeated-punctuation" in names(read(text)), text
    for text in ("Did you read it? Thanks!", "Could you check it?"):
        assert "politeness.repeated-punctuation" not in names(read(text)), text


def test_a_strategy_item_is_its_share_of_the_score(read: Any) -> None:
    model = load_model()
    items = read("It is not mine and it was never yours.")
    (negation,) = values(items, "politeness.negation")
    assert negation == pytest.approx(model.weights["negation"] * math.log1p(2), abs=1e-4)


# --- modality, pressure, agency -----------------------------------------------------------------


def test_may_the_month_is_not_a_hedge(read: Any) -> None:
    assert "modality.hedged" not in names(read("Please pay by 15 May."))
    assert "modality.hedged" not in names(read("The balance was due on May 3."))
    assert "modality.hedged" in names(read("May we call you? You may pay online."))


def test_pressure_and_short_deadlines(read: Any) -> None:
    assert "pressure.today" in names(read("Pay today."))
    assert "pressure.short-deadline" in names(read("Pay within 48 hours."))
    assert "pressure.short-deadline" in names(read("Reply in two days."))
    assert "pressure.short-deadline" not in names(read("Reply within 14 days."))


def test_who_acts_on_whom(read: Any) -> None:
    found = names(read("Our solicitors will issue proceedings against you."))
    assert {"agency.legal-on-reader", "agency.reader-patient"} <= found
    assert "agency.legal-on-reader" not in names(read("You can ask the court for more time."))
    assert "agency.reader-choice" in names(read("You can pay in instalments."))


# --- threat ---------------------------------------------------------------------------------------


#: The levels at which a reading becomes a warning or an error (fitted: bench/fit_threat.py).
WARNING_AT = load_lexicon().setting("threat.warning_at")
ERROR_AT = load_lexicon().setting("threat.error_at")


def threat(read: Any, text: str) -> float:
    return message_value(read(text), "threat.max")


def test_certainty_raises_and_a_hedge_lowers(read: Any) -> None:
    assert threat(read, "We will sue you.") > threat(read, "We may sue you.")
    assert threat(read, "Pay within 24 hours or we will sue you.") > threat(
        read, "We will sue you."
    )


def test_a_dated_condition_with_options_is_a_next_step_not_a_threat(read: Any) -> None:
    step = "If the balance is unpaid after 30 June, we may start a court claim."
    assert threat(read, step) < WARNING_AT
    assert threat(read, step + " You can set up a payment plan.") < threat(read, step)


def test_coordinated_actions_each_get_a_reading(read: Any) -> None:
    items = read("We will have you arrested and tell your employer.")
    assert values(items, "threat.arrest") and values(items, "threat.employer-contact")
    assert (
        min(values(items, "threat.arrest") + values(items, "threat.employer-contact")) >= ERROR_AT
    )


def test_one_clause_is_one_action(read: Any) -> None:
    items = read("Our lawyers will file a lawsuit against you.")
    assert [i.name for i in items if i.family == "threat" and i.sentence >= 0] == ["threat.lawsuit"]


def test_context_words_never_switch_off_an_error_level_threat(read: Any) -> None:
    text = "We don't want to threaten you, but this is a civil matter and you will be arrested."
    assert threat(read, text) >= ERROR_AT
    with_options = "You will be arrested. You can set up a payment plan and you have the right to dispute the debt."
    assert threat(read, with_options) >= ERROR_AT


def test_a_negated_action_is_not_a_threat(read: Any) -> None:
    assert threat(read, "We will not take you to court while we discuss a plan.") < WARNING_AT
    assert threat(read, "We will take you to court.") >= WARNING_AT


def test_a_verbs_negation_reaches_its_action(read: Any) -> None:
    assert threat(read, "We will not report it to any credit reporting agency.") < WARNING_AT
    assert threat(read, "We will report it to any credit reporting agency today.") >= WARNING_AT


def test_a_negation_is_shared_by_verbs_coordinated_with_or(read: Any) -> None:
    assert (
        threat(read, "Due to its age, we will not sue you for it or report it to a credit bureau.")
        < WARNING_AT
    )
    # "or" opening a clause of its own, or after an imperative, is an ultimatum
    assert threat(read, "Do not ignore this letter or we will sue you.") >= WARNING_AT
    assert threat(read, "Do not ignore this letter or risk legal action against you.") >= WARNING_AT


def test_plain_credit_reporting_is_information_pressure_makes_it_a_threat(read: Any) -> None:
    assert threat(read, "Your account will be reported to the credit bureaus.") < WARNING_AT
    assert (
        threat(read, "Your account will be reported to the credit bureaus today, pay now.")
        >= WARNING_AT
    )
    assert (
        threat(read, "Will you be able to get credit when you really need it? Pay today.")
        >= ERROR_AT
    )


def test_the_readers_own_lawyer_and_a_letterhead_are_no_legal_step(read: Any) -> None:
    line = "If an attorney represents you with regard to this debt, please refer this letter to your attorney."
    assert threat(read, line) == 0.0
    assert (
        threat(read, "SMITH & JONES LLP, Attorneys and Counselors at Law. Amount due: $50.") == 0.0
    )
    assert threat(read, "Have your attorney call us today.") >= WARNING_AT


def test_a_step_that_follows_a_courts_decision_is_process_explained(read: Any) -> None:
    explained = "We may take legal steps against you, and if the court awards judgment, it could allow costs."
    brandished = "We may take legal steps against you, and the court will award judgment and costs."
    assert threat(read, explained) < WARNING_AT <= threat(read, brandished)


def test_a_prescribed_notice_marker_is_not_a_reading(read: Any) -> None:
    notice = "This notice is served under section 87(1) of the Consumer Credit Act 1974. Please pay the arrears."
    assert threat(read, notice) == 0.0
    time_barred = (
        "The law limits how long you can be sued on a debt. Because of the age of your debt, "
        "we cannot sue you for it, and you can be sued again only if you make a payment."
    )
    assert threat(read, time_barred) < WARNING_AT


@pytest.mark.parametrize(
    "text",
    [
        "We will not hesitate to take legal action against you today.",
        "We cannot hold off legal action against you any longer, pay today.",
        "We have no other option but legal action against you today.",
        "We won't wait to sue you. Pay today.",
        "We will not delay legal action against you any longer unless you pay today.",
    ],
)
def test_a_negated_holding_back_is_no_negation(read: Any, text: str) -> None:
    assert threat(read, text) >= WARNING_AT


def test_no_reading_inside_a_merge_field_that_names_a_value(read: Any) -> None:
    assert (
        threat(read, "Please write to [Your Contact Information] or [Lawsuit Department].") == 0.0
    )
    # a field of choices is what the reader will read, one way or the other
    assert (
        threat(read, "Pay today or we will start {court action / a lawsuit} against you.")
        >= WARNING_AT
    )


def test_a_prescribed_notice_lowers_a_step_below_its_warning_floor_not_an_error(
    read: Any,
) -> None:
    protocol = (
        "This is a formal letter before claim under the Pre-Action Protocol for Debt Claims. "
    )
    step = "Enforcement options after judgment include attachment of earnings against you."
    assert threat(read, step) >= WARNING_AT
    assert threat(read, protocol + step) < WARNING_AT
    # an arrest's floor is an error: no prescribed marker takes it below
    assert threat(read, protocol + "You will be arrested today.") >= ERROR_AT


def test_formal_and_indirect_litigation_is_read(read: Any) -> None:
    assert (
        threat(
            read, "Your file is being prepared for our solicitors to issue proceedings against you."
        )
        >= ERROR_AT
    )
    assert threat(read, "To spare yourself possible court action, call us.") >= WARNING_AT
    assert threat(read, "Legal and collection costs may be added.") == 0.0


# --- consequences -------------------------------------------------------------------------------------


def best(read: Any, text: str) -> float:
    return message_value(read(text), "consequence.best")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Because of this we cannot deliver the order.", "consequence.service"),
        (
            "Your overdue payment can be seen and treated as negative by other businesses.",
            "consequence.credit",
        ),
        (
            "We are entitled to commence collection procedures should it be necessary.",
            "consequence.collection",
        ),
        (
            "Please update your card so that we may continue your service uninterrupted.",
            "consequence.service",
        ),
        (
            "The creditor may report the amount forgiven to the Internal Revenue Service on a 1099C form.",
            "consequence.fee",
        ),
        ("This settlement may have tax consequences.", "consequence.vague"),
        (
            "Upon receipt of $1,668.96, your account will be satisfied and closed.",
            "consequence.resolution",
        ),
        (
            "Your booking will expire if no payment is received within 24 hours.",
            "consequence.service",
        ),
        ("Our attorneys are filing a lawsuit against you.", "consequence.action"),
    ],
)
def test_more_ways_of_naming_what_follows(read: Any, text: str, kind: str) -> None:
    assert values(read(text), kind)


def test_named_and_vague_next_steps_worded_other_ways(read: Any) -> None:
    assert best(read, "This settlement may have tax consequences.") == 0.25
    assert best(read, "Your account is subject to further collection action.") == 0.25
    assert best(read, "Failure to pay may result in your water supply being restricted.") >= 0.5
    assert best(read, "If you do not respond, the balance will become due in full.") >= 0.5
    # a card's expiry is the reader's payment method, not what follows not paying
    assert best(read, "Your card will expire soon, please update it.") == 0.0


def test_a_fee_for_a_payment_method_is_no_consequence(read: Any) -> None:
    assert best(read, "There will be a $5.00 processing fee for all credit cards.") == 0.0
    assert best(read, "A late fee of $25 will be added if you do not pay by 5 May.") > 0.5


def test_silence_vague_named_factual(read: Any) -> None:
    silence = best(read, "Please pay your bill.")
    vague = best(read, "Failure to pay may lead to further action.")
    named = best(read, "Failure to pay may lead to a late fee.")
    factual = best(
        read,
        "If you do not pay by 30 June, a late fee of $25 will be added under the terms of your agreement.",
    )
    assert silence < vague < named < factual == 1.0


def test_merge_fields_count_as_values_of_their_kind(read: Any) -> None:
    dollars = best(read, "If you do not pay, a late fee of $25 will be added.")
    field = best(read, "If you do not pay, a late fee of [LATE FEE] will be added.")
    blank = best(read, "If you do not pay, a late fee of £____ will be added.")
    assert dollars == field == blank > best(read, "If you do not pay, a late fee will be added.")
    assert best(read, "Unless you pay by «Due_Date», interest will be charged.") > 0.5


def test_penalties_and_charges_are_fees(read: Any) -> None:
    assert "consequence.fee" in names(read("If you pay late, a penalty will apply."))
    assert "consequence.fee" in names(read("A charge of $10 will be added if unpaid."))
    assert "consequence.fee" not in names(read("You will get a copy free of charge."))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Non-payment could lead to possession proceedings.", "consequence.possession"),
        ("Your account will be passed to our recovery partner.", "consequence.collection"),
        ("Please pay so that you don't incur further charges.", "consequence.fee"),
        ("Missed payments may make it harder to borrow.", "consequence.credit"),
    ],
)
def test_consequences_worded_other_ways_are_found(read: Any, text: str, kind: str) -> None:
    items = read(text)
    assert kind in names(items)
    assert message_value(items, "consequence.best") >= 0.5


def test_a_frame_owns_its_negation(read: Any) -> None:
    """'so that you don't face court action' still names court action; 'we will not' negates."""
    assert threat(read, "Call us so that you don't face court action.") >= WARNING_AT
    assert "consequence.action" in names(read("Call us so that you don't face court action."))
    assert best(read, "We will not sue you for this debt.") == 0.0


def test_threat_actions_are_consequences_too(read: Any) -> None:
    items = read("If the balance is unpaid after 30 June, your vehicle will be disabled.")
    assert "consequence.action" in names(items)
    assert message_value(items, "consequence.best") >= 0.75


def test_fees_that_apply_are_stated(read: Any) -> None:
    assert best(read, "Late fees apply.") >= 0.5
    assert best(read, "We may add statutory interest under the late payment rules.") >= 0.5
    assert best(read, "You can apply for a payment plan online.") == 0.0


def test_a_scorer_can_read_the_evidence_of_its_check(checker: tonecheck.Checker) -> None:
    from tonecheck.detectors.base import CheckState
    from tonecheck.models import Channel, MessageContext, Stage

    text = "We will have you arrested today."
    state = CheckState(
        text=text,
        doc=checker.resources.nlp(text),
        channel=Channel.sms,
        stage=Stage.other,
        stage_detected=True,
        context=MessageContext(),
        template=False,
    )
    first = state.evidence()
    assert first is state.evidence()  # read once
    assert max(values(first, "threat.arrest")) >= ERROR_AT


def test_public_exposure_is_a_threat_but_following_us_is_not(read: Any) -> None:
    assert threat(read, "If you don't pay, we will post about you on social media.") >= ERROR_AT
    assert threat(read, "Follow us on social media for updates.") == 0.0


def test_a_stated_legal_basis_lowers_but_keeps_the_reading(read: Any) -> None:
    plain = threat(read, "We will report the debt to the credit bureaus.")
    based = threat(
        read, "Under section 87 of the agreement, we will report the debt to the credit bureaus."
    )
    assert 0.0 < based < plain


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Easy to miss, it happens.", "empathy.good-faith"),
        ("Is there anything we can do on our side?", "empathy.offer-help"),
        ("Text HELP for options.", "empathy.offer-help"),
        ("We understand this may be a difficult time.", "empathy.acknowledge"),
        ("Thank you for your payment.", "empathy.appreciation"),
    ],
)
def test_empathy_said_other_ways(read: Any, text: str, name: str) -> None:
    assert name in names(read(text))


def test_formulaic_courtesy_weighs_less_than_acknowledgement(read: Any) -> None:
    formulaic = read("Hope you are well. Please ignore this if you have already paid.")
    assert "courtesy.formulaic" in names(formulaic)
    assert not names(formulaic) & {"empathy.acknowledge", "empathy.good-faith"}
    assert max(values(formulaic, "courtesy.formulaic")) < 1.0
    assert "empathy.offer-help" not in names(read("Please call us on extension 204."))


# --- values and summaries -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Reply within 10 working days.", 10.0),
        ("Pay within forty-eight hours.", 2.0),
        ("Reply within a 48-hour window.", 2.0),
        ("You have 2 weeks to reply.", 14.0),
        ("Lockdown in ${hoursRemaining} hours.", 1 / 24),
    ],
)
def test_day_counts_are_read(checker: tonecheck.Checker, text: str, days: float) -> None:
    from tonecheck.evidence import default_evidence

    evidence = default_evidence()
    view = evidence.view(checker.resources.nlp(text), text)
    (values_,) = evidence.sentence_values(view)
    assert values_.days == pytest.approx(days)


@pytest.mark.parametrize(
    ("text", "amount", "date"),
    [
        ("The fee is $25.", True, False),
        ("The fee is 25 pounds.", True, False),
        ("Pay by 30/06/2025.", False, True),
        ("Pay by Friday.", False, True),
        ("Pay {balanceDue} by [PAYMENT DATE].", True, True),
        ("Pay within the next few weeks.", False, False),
        # a period left open in a template or a printed form is a period all the same
        ("Pay within [X] days.", False, True),
        ("Pay within the next ....days.", False, True),
        ("Call us within the next (....) days.", False, True),
        ("Reply within ____ days.", False, True),
    ],
)
def test_amounts_and_dates_are_read(
    checker: tonecheck.Checker, text: str, amount: bool, date: bool
) -> None:
    from tonecheck.evidence import default_evidence

    evidence = default_evidence()
    (values_,) = evidence.sentence_values(evidence.view(checker.resources.nlp(text), text))
    assert (values_.amount, values_.date) == (amount, date)


def test_summaries_keep_the_strongest_reading_and_count_items(read: Any) -> None:
    from tonecheck.evidence import summarise

    items = read("We may sue you. We will sue you.")
    summary = summarise(items)
    assert summary["threat.lawsuit"] == max(values(items, "threat.lawsuit"))
    assert summary["threat.items"] == 2.0
    assert summary["threat.max"] == summary["threat.lawsuit"]


def test_scored_families_carry_a_dimension(read: Any) -> None:
    items = read("Pay within 24 hours or our lawyers will sue you. You can call us.")
    for item in items:
        if item.family in {"politeness", "threat", "consequence", "pressure", "empathy"}:
            assert item.dimension is not None, item


def test_every_scored_kind_is_documented() -> None:
    """docs/evidence.md names every threat action and consequence kind a fit will see."""
    text = (ROOT / "docs" / "evidence.md").read_text(encoding="utf-8")
    for cue in load_lexicon().cues.values():
        family, _, kind = cue.name.partition(".")
        if family in {
            "threat",
            "consequence",
            "empathy",
            "pressure",
            "frame",
            "modality",
            "disrespect",
        }:
            assert f"`.{kind}`" in text or f"`{cue.name}`" in text, cue.name


_PIECES = [
    "We will sue you",
    " if you do not pay ",
    "by 15 May",
    " within 48 hours",
    "[LATE FEE]",
    "{{ inv.amount | currency }}",
    "£____",
    "«Due_Date»",
    "$25.00",
    "?",
    "!",
    "\n\n",
    "- ",
    "could you please",
    "and tell your employer",
    "n't",
    "forty-",
    "😀",
    "\ufffd",
    "  ",
    ".",
]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=12)), max_size=25))
def test_any_text_gives_items_inside_it(checker: tonecheck.Checker, pieces: list[str]) -> None:
    text = "".join(pieces)
    if not text:
        return
    doc = checker.resources.nlp(text)
    for item in collect_evidence(doc, text=text):
        assert 0 <= item.start <= item.end <= len(text)
        assert math.isfinite(item.value)


# --- disrespect -------------------------------------------------------------------------------------


def test_masked_profanity_is_read_but_masked_card_numbers_are_not(read: Any) -> None:
    assert "disrespect.masked-profanity" in names(read("Pay the sh*t you owe."))
    assert "disrespect.masked-profanity" in names(read("Stop this f--- nonsense."))
    assert "disrespect.masked-profanity" not in names(
        read("Card ****-****-****-5463 was declined.")
    )
    assert "disrespect.masked-profanity" not in names(read("Write to help@example.com today."))


def test_capitals_inside_fields_are_not_shouting(read: Any) -> None:
    loud = read("YOUR PAYMENT WAS DECLINED. CALL US IMMEDIATELY.")
    assert message_value(loud, "disrespect.shouting") > 0.8  # "US" is too short to count
    template = read("Dear [ACCOUNT HOLDER FULL NAME], your balance of [BALANCE DUE] is now due.")
    assert "disrespect.shouting" not in names(template)


def test_blame_and_character_assumptions(read: Any) -> None:
    assert "disrespect.passive-blame" in names(read("Our letters have gone unanswered."))
    assert "disrespect.character" in names(
        read("You have shown that you are unwilling to work out a settlement.")
    )
    assert not names(read("Despite our previous reminders, the balance is unpaid.")) & {
        "disrespect.passive-blame",
        "disrespect.character",
    }


def test_threat_levels_follow_the_settings() -> None:
    from tonecheck.evidence import default_evidence

    reader = default_evidence().threats
    error_at, warning_at = reader.s["error_at"], reader.s["warning_at"]
    assert reader.level(error_at) == "error"
    assert reader.level(warning_at) == "warning"
    assert reader.level(warning_at - 0.01) is None


def _cues_with_examples() -> list[Any]:
    return [c for c in load_lexicon().cues.values() if c.examples or c.near_misses]


@pytest.mark.parametrize("cue", _cues_with_examples(), ids=lambda c: c.name)
def test_cue_examples_are_found_and_near_misses_are_not(read: Any, cue: Any) -> None:
    """A cue's patterns state a class: its own examples (written apart from the corpus) must be
    read as the cue, and its near misses (same words, other sense) must not."""
    missed = [text for text in cue.examples if cue.name not in names(read(text))]
    wrong = [text for text in cue.near_misses if cue.name in names(read(text))]
    assert not missed, f"{cue.name} misses its examples: {missed}"
    assert not wrong, f"{cue.name} reads its near misses: {wrong}"


def test_patterns_expand_as_their_grammar_says() -> None:
    from tonecheck.evidence.patterns import PatternError, expand

    assert expand("(we|i) [really] help") == [
        "we really help",
        "we help",
        "i really help",
        "i help",
    ]
    assert expand("a (b (c|d)|e)") == ["a b c", "a b d", "a e"]
    for broken in ("(a|b", "a]", "[a|b)", "()"):
        with pytest.raises(PatternError):
            expand(broken)
