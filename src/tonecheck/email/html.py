"""HTML bodies to plain text, keeping block breaks and dropping quoted replies and signatures
that mail clients mark with classes, so an HTML-only e-mail is judged on what its sender wrote.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "tr",
        "table",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "hr",
        "section",
        "article",
        "header",
        "footer",
        "pre",
        "address",
        "dl",
        "dt",
        "dd",
        "center",
        "form",
        "fieldset",
        "main",
        "nav",
        "aside",
        "figure",
    }
)
_SKIP_TAGS = frozenset({"script", "style", "head", "title", "template", "noscript", "svg"})
_VOID_TAGS = frozenset({"br", "hr", "img", "meta", "link", "input", "wbr", "col", "area", "base"})
_QUOTE_CLASSES = ("gmail_quote", "moz-cite-prefix", "yahoo_quoted", "ms-outlook-quote")
_SIGNATURE_CLASSES = ("gmail_signature", "moz-signature")


class _TextExtractor(HTMLParser):
    """HTML -> plain text: blocks become lines, quotes become ``> `` lines, scripts vanish.

    Quoted HTML (``<blockquote>``, Gmail/Thunderbird quote containers) is turned into ``> ``
    lines so the plain-text quote rules treat both kinds of mail the same way."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str]] = []
        self.current: list[str] = []
        self.current_depth = 0
        self.quote_depth = 0
        self.skip_depth = 0
        self.pre_depth = 0
        self.stack: list[tuple[str, bool, bool]] = []  # tag, opened a quote, skipped

    def _newline(self) -> None:
        line = "".join(self.current).strip() if not self.pre_depth else "".join(self.current)
        self.lines.append((self.current_depth, line))
        self.current = []
        self.current_depth = self.quote_depth

    def _break(self) -> None:
        if self.current and "".join(self.current).strip():
            self._newline()
        elif self.current:
            self.current = []

    def handle_comment(self, data: str) -> None:
        """Comments vanish, except a ``tonecheck: disable=…`` directive, kept on its own line
        so inline suppression works in HTML mail as in an HTML template (see suppress.py)."""
        if "tonecheck:" in data.lower() and not self.skip_depth:
            self._break()
            self.lines.append((self.quote_depth, f"<!-- {data.strip()} -->"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = " ".join(v or "" for k, v in attrs if k == "class")
        if tag in _SKIP_TAGS:
            if tag not in _VOID_TAGS:
                self.stack.append((tag, False, True))
                self.skip_depth += 1
            return
        if tag == "br":
            self._newline()
        elif tag in _BLOCK_TAGS:
            self._break()
            if tag == "p" and self.lines and self.lines[-1][1]:
                self.lines.append((self.quote_depth, ""))
        if tag == "hr":
            self.lines.append((self.quote_depth, "----"))
        if tag == "li":
            self.current.append("- ")
        if tag in {"td", "th"} and self.current:
            self.current.append("  ")
        if any(c in classes for c in _SIGNATURE_CLASSES):
            self._break()
            self.lines.append((self.quote_depth, "-- "))
        opens_quote = tag == "blockquote" or any(c in classes for c in _QUOTE_CLASSES)
        if tag == "pre":
            self.pre_depth += 1
        if tag not in _VOID_TAGS:
            self.stack.append((tag, opens_quote, False))
            if opens_quote:
                self._break()
                self.quote_depth += 1
                self.current_depth = self.quote_depth

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID_TAGS:
            return
        # close back to the matching open tag (HTML in mail is often unbalanced)
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                for open_tag, opened_quote, skipped in reversed(self.stack[index:]):
                    if skipped:
                        self.skip_depth -= 1
                    if opened_quote:
                        self._break()
                        self.quote_depth -= 1
                        self.current_depth = self.quote_depth
                    if open_tag == "pre":
                        self.pre_depth -= 1
                del self.stack[index:]
                break
        if tag in _BLOCK_TAGS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.pre_depth:
            parts = data.split("\n")
            for i, part in enumerate(parts):
                if i:
                    self._newline()
                self.current.append(part)
            return
        collapsed = re.sub(r"\s+", " ", data)
        if not self.current or "".join(self.current).endswith(" "):
            collapsed = collapsed.lstrip()
        if collapsed:
            if not self.current:
                self.current_depth = self.quote_depth
            self.current.append(collapsed)

    def text(self) -> str:
        self._break()
        out: list[str] = []
        for depth, line in self.lines:
            line = line.replace("\xa0", " ")
            line = line if line == "-- " else line.rstrip()
            if line and depth:
                line = "> " * depth + line
            elif depth:
                line = ">" * depth
            if not line and out and not out[-1]:
                continue  # at most one blank line in a row
            out.append(line)
        while out and not out[-1]:
            out.pop()
        while out and not out[0]:
            out.pop(0)
        return "\n".join(out)


def html_to_text(html: str) -> str:
    """Readable text from an HTML mail body using only the standard library."""
    parser = _TextExtractor()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # pragma: no cover - html.parser is lenient
        pass
    return parser.text()


__all__ = ["html_to_text"]
