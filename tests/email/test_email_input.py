"""Reading e-mail: the body a person wrote, quoted replies blanked, attachments never opened."""

from __future__ import annotations

from email.message import Message

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tonecheck.email import (
    EmailInputError,
    blank_quotes,
    find_signature,
    html_to_text,
    looks_like_email,
    quoted_regions,
    read_email,
)

PLAIN = (
    b"From: Jo <jo@acme.example>\r\n"
    b"To: Sam <sam@example.com>\r\n"
    b"Subject: Your account\r\n"
    b"Message-ID: <m1@acme.example>\r\n"
    b"\r\n"
    b"Hi Sam,\r\n"
    b"Your balance is due.\r\n"
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PLAIN, True),
        (b"Subject: hello\n\nbody", True),
        (b"From someone@example.com Mon Jan  1 00:00:00 2025\nFrom: a@b.c\n\nbody", True),
        (b"Received: from x\n\tby y\nTo: a@b.c\n\nbody", True),  # folded header
        (b"Dear Sam:\n\nPlease pay.", False),
        (b"Re: your account\n\nPlease pay.", False),  # header-like, but no known header
        (b"Note: call us\nSubject: x\nnot a header line\n\nbody", False),
        (b"Subject: no blank line ever", False),
        (b"", False),
    ],
)
def test_looks_like_email(data: bytes, expected: bool) -> None:
    assert looks_like_email(data) is expected


def test_plain_body_and_file_lines() -> None:
    body = read_email(PLAIN)
    assert body.text == "Hi Sam,\nYour balance is due.\n"
    assert body.checked == body.text
    assert body.subject == "Your account"
    assert body.message_id == "<m1@acme.example>"
    # the body starts on line 6 of the file: 5 lines (4 headers + blank) come before it
    assert body.line_offset == 5


def test_decoded_body_has_no_file_line_mapping() -> None:
    data = (
        b"From: a@b.c\nContent-Type: text/plain; charset=utf-8\n"
        b"Content-Transfer-Encoding: quoted-printable\n\nCaf=C3=A9 is =\nopen.\n"
    )
    body = read_email(data)
    assert body.text == "Café is open.\n"
    assert body.line_offset is None


def _multipart(parts: str, boundary: str = "XYZ") -> bytes:
    return (
        f"From: a@b.c\nMIME-Version: 1.0\n"
        f'Content-Type: multipart/mixed; boundary="{boundary}"\n\n{parts}'
    ).encode()


def test_alternative_prefers_plain_text() -> None:
    data = (
        b'From: a@b.c\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary="b"\n\n'
        b"--b\nContent-Type: text/html\n\n<p>HTML version</p>\n"
        b"--b\nContent-Type: text/plain\n\nPlain version\n--b--\n"
    )
    body = read_email(data)
    assert body.text.strip() == "Plain version"
    assert body.content_type == "text/plain"


def test_html_only_is_converted() -> None:
    data = (
        b"From: a@b.c\nContent-Type: text/html; charset=utf-8\n\n"
        b"<html><head><style>p {color: red}</style><script>var x = 'pay now';</script></head>"
        b"<body><p>Dear Sam,</p><p>You owe &pound;120.<br>Please pay by Friday.</p>"
        b"<ul><li>Online</li><li>By phone</li></ul></body></html>"
    )
    body = read_email(data)
    assert body.content_type == "text/html"
    assert body.text == "Dear Sam,\n\nYou owe £120.\nPlease pay by Friday.\n- Online\n- By phone"
    assert "color" not in body.text and "var x" not in body.text


def test_html_quotes_become_quoted_lines_and_are_blanked() -> None:
    html = (
        "<p>Thanks for telling us.</p>"
        '<div class="gmail_quote"><div class="gmail_attr">On Mon, Sam wrote:</div>'
        "<blockquote>I lost my job.<br>Stop threatening me.</blockquote></div>"
    )
    text = html_to_text(html)
    assert text.splitlines()[0] == "Thanks for telling us."
    assert all(line.startswith(">") for line in text.splitlines()[1:])
    checked = blank_quotes(text)
    assert "threatening" not in checked and "Thanks for telling us." in checked


def test_attachments_are_never_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    attachment = "QUFBQUFB" * 20000  # 160 kB of base64 nobody should decode
    data = _multipart(
        '--XYZ\nContent-Type: text/plain\nContent-Disposition: attachment; filename="notes.txt"\n\n'
        "attached notes: we will have you arrested\n"
        "--XYZ\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n"
        f'Content-Disposition: attachment; filename="statement.pdf"\n\n{attachment}\n'
        "--XYZ\nContent-Type: text/plain; charset=utf-8\n\nPlease see the attached statement.\n"
        '--XYZ\nContent-Type: text/plain; name="inline.txt"\n\nan inline file\n'
        "--XYZ--\n"
    )
    decoded: list[str] = []
    original = Message.get_payload

    def spy(self: Message, i: int | None = None, decode: bool = False) -> object:
        if decode:
            decoded.append(self.get_content_type())
        return original(self, i, decode)  # type: ignore[call-overload]

    monkeypatch.setattr(Message, "get_payload", spy)
    body = read_email(data)
    assert body.text.strip() == "Please see the attached statement."
    assert decoded == ["text/plain"]  # only the body part, not the PDF or the attached text


def test_forwarded_message_is_not_the_body() -> None:
    data = _multipart(
        "--XYZ\nContent-Type: message/rfc822\n\nFrom: x@y.z\nSubject: old\n\nOld forwarded text\n"
        "--XYZ\nContent-Type: text/plain\n\nMy own words\n--XYZ--\n"
    )
    assert read_email(data).text.strip() == "My own words"


def test_charsets() -> None:
    latin = b"From: a@b.c\nContent-Type: text/plain; charset=iso-8859-1\n\nCaf\xe9\n"
    assert read_email(latin).text == "Café\n"
    mislabelled = b"From: a@b.c\nContent-Type: text/plain; charset=utf-8\n\nCaf\xe9\n"
    body = read_email(mislabelled)
    assert body.text.startswith("Caf") and body.notes
    unknown = b"From: a@b.c\nContent-Type: text/plain; charset=x-klingon\n\nHello\n"
    body = read_email(unknown)
    assert body.text == "Hello\n" and "unknown charset" in body.notes[0]
    undeclared = b"From: a@b.c\n\nCaf\xe9\n"
    assert read_email(undeclared).text == "Café\n"


def test_no_text_part_is_a_clear_error() -> None:
    data = _multipart(
        "--XYZ\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n--XYZ--\n"
    )
    with pytest.raises(EmailInputError, match=r"no text/plain or text/html body.*image/png"):
        read_email(data)


def test_broken_mime_is_read_best_effort() -> None:
    # the boundary never appears: the parser records a defect and we still read something
    data = (
        b'From: a@b.c\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="nope"\n\n'
        b"Just some text without parts.\n"
    )
    try:
        body = read_email(data)
    except EmailInputError as exc:
        assert "MIME problems" in str(exc) or "no text" in str(exc)
    else:
        assert "Just some text" in body.text


def test_quoted_reply_and_attribution_are_blanked_keeping_offsets() -> None:
    text = (
        "Hi Sam,\n\nWe can set up a plan.\n\n"
        "On Mon, 3 Nov 2025 at 18:02, Sam Lee <sam@example.com>\nwrote:\n"
        "> I can't pay.\n>> You people are thieves.\n\n"
        "-- \nJo, Acme\n"
    )
    checked = blank_quotes(text)
    assert len(checked) == len(text)
    assert [i for i, c in enumerate(checked) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"
    ]
    assert "thieves" not in checked and "wrote" not in checked and "Sam Lee" not in checked
    assert checked.startswith("Hi Sam,\n\nWe can set up a plan.")
    assert checked.endswith("-- \nJo, Acme\n")
    start = text.index("We can")
    assert checked[start : start + 6] == "We can"


def test_attribution_without_a_quote_is_kept() -> None:
    text = "On Monday our office wrote:\nplease call us.\n"
    assert blank_quotes(text) == text


def test_outlook_original_message_is_blanked() -> None:
    text = "Thanks, noted.\n\n-----Original Message-----\nFrom: Sam\nPay or else\n"
    checked = blank_quotes(text)
    assert checked.startswith("Thanks, noted.") and "Pay or else" not in checked
    text = "Thanks.\n________________________________\nFrom: Sam\nSent: Monday\nold words\n"
    assert "old words" not in blank_quotes(text)


def test_signature_is_found_but_a_long_one_is_not_trusted() -> None:
    text = "Please call us.\n\n-- \nJo Bloggs\nAcme Lending\n0800 123 4567\n"
    start, end = find_signature(text) or (0, 0)
    assert text[start:end] == "-- \nJo Bloggs\nAcme Lending\n0800 123 4567"
    hidden_letter = "Hello.\n-- \n" + "We will take everything you own.\n" * 12
    assert find_signature(hidden_letter) is None


def test_oversized_message_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import tonecheck.email.mime as email_input

    monkeypatch.setattr(email_input, "MAX_MESSAGE_BYTES", 100)
    with pytest.raises(EmailInputError, match="limit"):
        read_email(PLAIN + b"x" * 200)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=st.characters(blacklist_characters="\n\r"), max_size=30),
            st.sampled_from(
                ["> quoted", ">>", "On Mon, X wrote:", "-- ", "-----Original Message-----"]
            ),
        ),
        max_size=12,
    )
)
def test_blanking_keeps_length_and_lines(lines: list[str]) -> None:
    text = "\n".join(lines)
    checked = blank_quotes(text)
    assert len(checked) == len(text)
    for original, blanked in zip(text.split("\n"), checked.split("\n"), strict=True):
        assert blanked == original or blanked == " " * len(original)
    for start, end in quoted_regions(text):
        assert checked[start:end].strip() == ""
