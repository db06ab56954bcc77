"""The function form, `tonecheck.rewrite(text_or_report, ...)`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..models import Channel, MessageContext, Report, Stage


def rewrite(
    text_or_report: str | Report,
    channel: Channel | str = "email",
    stage: Stage | str | None = None,
    context: MessageContext | Mapping[str, Any] | None = None,
    *,
    template: bool = False,
    mode: str = "minimal",
) -> str:
    """The revised message. Text is checked first with the default configuration; a report is
    rewritten from the text it carries. See docs/rewrite.md for the modes."""
    if isinstance(text_or_report, str):
        from ..engine.default import default_checker

        report = default_checker().check(
            text_or_report, channel=channel, stage=stage, context=context, template=template
        )
        return report.rewrite(mode=mode)
    return text_or_report.rewrite(mode=mode)
