"""One call type for every surface: what a stream item becomes, and what running it reports."""

from __future__ import annotations

import pickle

import pytest

from tonecheck import CheckCall, Checker
from tonecheck.engine.calls import MISSING_TEXT
from tonecheck.models import Channel, Stage

DEFAULTS = {"channel": "sms", "stage": None, "context": None, "template": False}


def test_a_string_takes_the_stream_defaults() -> None:
    call = CheckCall.of("Your balance is due.", DEFAULTS)
    assert call == CheckCall("Your balance is due.", channel="sms")


def test_a_mappings_own_fields_win_and_unknown_keys_are_left() -> None:
    item = {"text": "Hi", "id": "m1", "stage": "reminder", "template": True, "row": 7}
    call = CheckCall.of(item, DEFAULTS)
    assert call == CheckCall("Hi", id="m1", channel="sms", stage="reminder", template=True)


def test_a_call_passes_through_unchanged() -> None:
    call = CheckCall("Hi", id="x", channel=Channel.letter)
    assert CheckCall.of(call, DEFAULTS) is call


@pytest.mark.parametrize(
    ("item", "error"), [({"id": "no text"}, ValueError), (42, TypeError), (None, TypeError)]
)
def test_bad_stream_items_are_refused(item: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        CheckCall.of(item, DEFAULTS)  # type: ignore[arg-type]


def test_running_a_call_equals_checking_with_its_options(checker: Checker) -> None:
    text = "Pay now or we will take you to court."
    call = CheckCall(text, id="c1", channel="sms", stage=Stage.overdue)
    got = call.run(checker)
    want = checker.check(text, channel="sms", stage="overdue", id="c1")
    assert got.model_dump_json() == want.model_dump_json()


def test_a_call_with_no_text_is_refused_as_non_text(checker: Checker) -> None:
    with pytest.raises(TypeError, match=MISSING_TEXT):
        CheckCall(None, id="blank").run(checker)


def test_check_many_takes_calls_among_other_items(checker: Checker) -> None:
    items = [CheckCall("Please pay by 3 May.", id="a", channel="letter"), "Thank you for paying."]
    reports = list(checker.check_many(items, channel="sms"))
    assert [(r.id, r.channel.value) for r in reports] == [("a", "letter"), (None, "sms")]


def test_a_call_pickles_for_the_pool() -> None:
    call = CheckCall("Hi", id="p", channel=Channel.voice, context={"amount": "12.00"})
    assert pickle.loads(pickle.dumps(call)) == call
