"""``tonecheck hook``: the pre-send gate for mail clients (mutt, neomutt, aerc) and git send-email.

The one promise: a message is never lost and never changed. It is read as bytes, checked, and
then either handed to the sending command byte for byte or kept as a draft. Every way this can
go wrong ends in a clear line on stderr and a saved draft:

* refused (findings at or above --fail-on): exit 1;
* unreadable message, bad config or a --then command that does not exist: exit 2;
* anything unexpected inside tonecheck: exit 3, unless --fail-open says to send anyway.

With a FILE argument (git's sendemail-validate) the message already lives in a file, so no
draft is written and the exit code alone decides.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import TonecheckError
from . import CliError
from ._common import build_context, load_config, read_bytes, resolve_fail_on

if TYPE_CHECKING:
    from ..config import Config
    from ..email import EmailBody
    from ..engine.calls import SupportsCheck
    from ..models import Report

PREFIX = "tonecheck hook"


def _say(message: str) -> None:
    sys.stderr.write(f"{PREFIX}: {message}\n")


class _Refusal(TonecheckError):
    """The message cannot go; `code` is the exit code (2 input/setup, 3 internal)."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class _Decision:
    """What the rest of the command needs of a `Verdict`: plain data, so a verdict made by the
    warm daemon needs no pydantic (nor the report model) in this process."""

    allowed: bool
    reasons: list[str] = field(default_factory=list)
    override: str | None = None


@dataclass
class _Outcome:
    verdict: _Decision
    fail_on: str = "error"


class _Stale(TonecheckError):
    """The daemon serves another configuration (or none is wanted): check in this process."""


# -- the command -----------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    then: list[str] | None = args.then
    if then is not None and not then:
        raise CliError("--then needs a command, e.g. --then /usr/sbin/sendmail -oi -t")
    from_stdin = args.file is None or args.file == "-"
    # a FILE stays where it is, so only stdin input is ever saved as a draft
    data = sys.stdin.buffer.read() if from_stdin else read_bytes(args.file)
    if not data.strip():
        raise CliError("no message on stdin" if from_stdin else f"{args.file}: empty message")

    from ..hook.drafts import default_drafts_dir

    drafts = Path(args.drafts).expanduser() if args.drafts else default_drafts_dir()
    try:
        if then is not None and _resolve_command(then[0]) is None:
            raise _Refusal(f"cannot run {then[0]!r}: command not found (check --then)", 2)
        outcome = _from_daemon(data, args, drafts) or _evaluate(data, args, drafts)
    except _Refusal as problem:
        return _fail(data, problem, args, drafts, then, from_stdin)
    except (CliError, ValueError) as exc:
        return _fail(data, _Refusal(str(exc), 2), args, drafts, then, from_stdin)
    except Exception as exc:  # anything else is a bug: fail closed unless told otherwise
        if os.environ.get("TONECHECK_DEBUG"):
            raise
        internal = _Refusal(f"internal error: {type(exc).__name__}: {exc}", 3)
        return _fail(data, internal, args, drafts, then, from_stdin)

    verdict = outcome.verdict
    if not verdict.allowed:
        return _refuse(data, verdict, outcome.fail_on, args, drafts, from_stdin)
    if verdict.override is not None:
        _say(
            f"sending despite {len(verdict.reasons)} finding(s): override given: {verdict.override}"
        )
    payload = _strip_header(data, args.override_header) if args.strip_override else data
    return _deliver(payload, then, data, args, drafts, from_stdin)


def _resolve_command(name: str) -> str | None:
    if os.sep in name or (os.altsep and os.altsep in name):
        return name if os.access(name, os.X_OK) and not os.path.isdir(name) else None
    return shutil.which(name)


def _from_daemon(data: bytes, args: argparse.Namespace, drafts: Path) -> _Outcome | None:
    """The whole evaluation done by a warm daemon (`evaluate_in_daemon`), or None to do it
    here: no daemon, a failure of any kind, or an answer that is not a clean verdict. Only
    the standard library is imported on this path."""
    if args.server or args.no_daemon:
        return None
    from ..daemon.client import hook_via_daemon

    options = {k: v for k, v in vars(args).items() if k != "then"}
    answer = hook_via_daemon(data, options, str(drafts))
    if answer is None:
        return None
    reasons, override, fail_on = answer.get("reasons"), answer.get("override"), answer["fail_on"]
    if not (
        isinstance(answer.get("allowed"), bool)
        and isinstance(reasons, list)
        and all(isinstance(r, str) for r in reasons)
        and (override is None or isinstance(override, str))
        and isinstance(fail_on, str)
    ):
        return None
    return _Outcome(_Decision(answer["allowed"], reasons, override), fail_on)


@contextlib.contextmanager
def _as_client(cwd: str, env: dict[str, str]) -> Iterator[None]:
    """Run with the hook client's working folder and environment (config discovery, drafts
    and log paths, ``~``), then restore the daemon's own."""
    own_cwd, own_env = os.getcwd(), dict(os.environ)
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.chdir(own_cwd)
        os.environ.clear()
        os.environ.update(own_env)


def evaluate_in_daemon(
    request: dict[str, Any], checker: SupportsCheck, stamp: str
) -> dict[str, Any]:
    """The daemon's side of `_from_daemon`: the same `_evaluate` as in process, with the
    client's folder and environment and the daemon's warm Checker, provided the config found
    there is the one the daemon serves. Any failure is answered as "not here", so the client
    redoes the call in process and says what went wrong itself."""
    from ..daemon.client import daemon_enabled
    from ..daemon.paths import fingerprint

    args = argparse.Namespace(**request["args"], then=None)
    data = base64.b64decode(request["data"], validate=True)

    def checker_for(config: Config) -> SupportsCheck:
        if not daemon_enabled(config, bool(args.no_daemon)):
            raise _Stale("the daemon is turned off in the config")
        if fingerprint(config) != stamp:
            raise _Stale("daemon serves another configuration")
        return checker

    try:
        with _as_client(str(request["cwd"]), dict(request["env"])):
            outcome = _evaluate(data, args, Path(request["drafts"]), checker_for)
    except _Stale as exc:
        return {"ok": False, "stale": True, "error": str(exc)}
    except Exception as exc:  # the client checks again in process and reports it itself
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    verdict = outcome.verdict
    return {
        "ok": True,
        "allowed": verdict.allowed,
        "reasons": verdict.reasons,
        "override": verdict.override,
        "fail_on": outcome.fail_on,
    }


def _evaluate(
    data: bytes,
    args: argparse.Namespace,
    drafts: Path,
    checker_for: Callable[[Config], SupportsCheck] | None = None,
) -> _Outcome:
    from ..email import EmailInputError, extract_body, header_value, looks_like_email
    from ..hook import decide, find_override, log_override, override_log_path
    from ..models import Severity

    parsed, body_error = _parse(data)
    override = find_override(parsed, args.override_header) if parsed is not None else None
    if override is None and args.smtp_headers:
        override = _override_from_file(args.smtp_headers, args.override_header)
    message_id = header_value(parsed, "message-id") if parsed is not None else None
    sender = header_value(parsed, "from") if parsed is not None else None
    body: EmailBody | None = None
    if body_error is None and parsed is not None:
        try:
            if looks_like_email(data):
                body = extract_body(parsed, raw=data, include_quoted=args.include_quoted)
            else:
                body = _bare_body(data, args.include_quoted)
        except EmailInputError as exc:
            body_error = str(exc)
    log_path = Path(args.log).expanduser() if args.log else override_log_path(drafts)
    if body is None:
        if override is not None:
            reason = f"message could not be checked: {body_error}"
            log_override(log_path, message_id=message_id, reason=override, rules=[], sender=sender)
            return _Outcome(_Decision(allowed=True, reasons=[reason], override=override))
        raise _Refusal(f"cannot check the message: {body_error}", 2)

    config = load_config(args.config)
    fail_on = resolve_fail_on(args.fail_on, config)
    context = build_context(args.context, args.context_file)
    report = _report(body, args, config, context, checker_for)
    verdict = decide(report, body, fail_on, override)
    if verdict.override is not None:
        level = Severity(fail_on).rank
        rules = sorted({f.rule for f in report.all_findings() if f.severity.rank >= level})
        log_override(
            log_path,
            message_id=message_id,
            reason=verdict.override,
            rules=rules,
            sender=sender,
        )
    return _Outcome(_Decision(verdict.allowed, verdict.reasons, verdict.override), fail_on)


def _parse(data: bytes) -> tuple[Any, str | None]:
    from email.message import EmailMessage

    from ..email import EmailInputError, looks_like_email, parse_message

    if not looks_like_email(data):
        return EmailMessage(), None  # a bare body: no headers, so no override either
    try:
        return parse_message(data), None
    except EmailInputError as exc:
        return None, str(exc)


def _bare_body(data: bytes, include_quoted: bool) -> EmailBody:
    from ..email import EmailBody, EmailInputError, blank_quotes, find_signature

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EmailInputError(
            f"no mail headers and not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    text = text.replace("\r\n", "\n")
    checked = text if include_quoted else blank_quotes(text)
    return EmailBody(
        text=text, checked=checked, content_type="text/plain", signature=find_signature(text)
    )


def _override_from_file(path: str, header: str) -> str | None:
    from ..email import parse_message
    from ..hook import find_override

    try:
        raw = Path(path).read_bytes()
    except OSError:
        return None
    if not raw.endswith(b"\n\n") and not raw.endswith(b"\r\n\r\n"):
        raw += b"\n"
    return find_override(parse_message(raw), header)


def _report(
    body: EmailBody,
    args: argparse.Namespace,
    config: Config,
    context: dict[str, Any] | None,
    checker_for: Callable[[Config], SupportsCheck] | None = None,
) -> Report:
    from ..hook import ServerRejected, ServerUnavailable, check_body, check_with_server

    if args.server:
        try:
            return check_with_server(
                args.server, body, stage=args.stage, context=context, timeout=args.timeout
            )
        except ServerUnavailable as exc:
            _say(f"server unavailable ({exc}); checking locally")
        except ServerRejected as exc:  # a setup error: say so, do not quietly check locally
            raise _Refusal(f"--server: {exc}", 2) from None
    if checker_for is not None:  # inside the daemon: its own warm Checker
        return check_body(checker_for(config), body, stage=args.stage, context=context)
    from ..daemon.local import WarmChecker

    # a warm daemon answers at once; without one, this checks in process (and starts one)
    checker = WarmChecker(config, no_daemon=args.no_daemon)
    return check_body(checker, body, stage=args.stage, context=context)


# -- outcomes --------------------------------------------------------------------------------


def _save(data: bytes, drafts: Path) -> Path | None:
    from ..hook.drafts import save_draft

    try:
        return save_draft(data, drafts)
    except OSError as exc:
        _say(f"could NOT save a draft in {drafts}: {exc.strerror or exc}; keep your copy")
        return None


def _refuse(
    data: bytes,
    verdict: _Decision,
    fail_on: str,
    args: argparse.Namespace,
    drafts: Path,
    from_stdin: bool,
) -> int:
    count = len(verdict.reasons)
    _say(f"message refused: {count} finding{'s' if count != 1 else ''} at or above {fail_on!r}:")
    for reason in verdict.reasons:
        sys.stderr.write(f"  {reason}\n")
    if from_stdin:
        path = _save(data, drafts)
        if path is not None:
            _say(f"nothing was sent; the message is saved at {path}")
    else:
        _say("nothing was sent")
    _say(f'to send it anyway, add the header "{args.override_header}: <your reason>"')
    return 1


def _fail(
    data: bytes,
    problem: _Refusal,
    args: argparse.Namespace,
    drafts: Path,
    then: list[str] | None,
    from_stdin: bool,
) -> int:
    if problem.code == 3 and args.fail_open:
        _say(f"{problem}; sending anyway because of --fail-open")
        return _deliver(data, then, data, args, drafts, from_stdin)
    _say(f"message NOT sent: {problem}")
    if from_stdin:
        path = _save(data, drafts)
        if path is not None:
            _say(f"the message is saved at {path}")
    return problem.code


def _deliver(
    payload: bytes,
    then: list[str] | None,
    original: bytes,
    args: argparse.Namespace,
    drafts: Path,
    from_stdin: bool,
) -> int:
    if not then:
        return 0
    try:
        completed = subprocess.run(then, input=payload, check=False)
    except OSError as exc:
        problem = _Refusal(f"cannot run {then[0]!r}: {exc.strerror or exc}", 2)
        _say(f"message NOT sent: {problem}")
        if from_stdin:
            path = _save(original, drafts)
            if path is not None:
                _say(f"the message is saved at {path}")
        return 2
    code = completed.returncode
    return 128 - code if code < 0 else code


def _strip_header(data: bytes, name: str) -> bytes:
    """Remove every `name:` header field (with its folded lines); the body is untouched."""
    match = re.search(rb"\r?\n\r?\n", data)
    if match is None:
        return data
    split = data.index(b"\n", match.start()) + 1
    head, rest = data[:split], data[split:]
    wanted = name.lower().encode("ascii", "ignore") + b":"
    kept: list[bytes] = []
    skipping = False
    for line in head.splitlines(keepends=True):
        if skipping and line[:1] in (b" ", b"\t"):
            continue
        skipping = line.lower().startswith(wanted)
        if not skipping:
            kept.append(line)
    return b"".join(kept) + rest
