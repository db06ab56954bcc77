"""Checking a stream of messages on several processes, in order, with bounded memory.

spaCy's own ``nlp.pipe(n_process=...)`` was measured 2.5-14x slower than one process on these
machines, so the unit of work here is the whole check: each worker checks chunks of messages
with a whole Checker. At most ``2 * n_process`` chunks are in flight, so a stream of millions is
never read ahead into memory.

What keeps the speed-up close to the number of processes:

* **No second start-up.** Where the platform can fork (Linux), workers are forked from the
  caller's process and inherit its Checker, warmed by one check so lazily loaded parts come
  along, instead of each building its own (about a second of imports, packs and matchers per
  worker, and textstat's import in every worker of every pool).
* **Cheap hand-back.** A worker returns each report as its JSON text, which pydantic writes and
  reads in compiled code; pickling the nested pydantic models instead costs the parent about as
  much CPU as the check itself, on a machine whose cores the workers need.
* **Flat memory.** Each chunk is checked inside ``nlp.memory_zone()``, so the strings and
  lexemes of names, amounts and reference numbers that only one message contains are freed
  after its chunk instead of piling up in the worker's vocabulary, and workers are replaced by
  fresh forks every `RECYCLE_AFTER` messages (what spaCy's zones cannot free still grows).
"""

from __future__ import annotations

import multiprocessing
import sys
import weakref
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any

from ..config import Config
from ..models import Report
from .calls import CheckCall, memory_zone

_worker_checker: Any = None
#: Messages a worker checks before its pool is replaced by a fresh one (see `parallel_check`).
#: Measured (bench/, 10k vs 200k messages): with 25,000 a worker's peak grew 1.14x; replacing
#: pools every 5,000 did not lower it (1.29x; why is not settled).
RECYCLE_AFTER = 25_000


def _init_worker(config_json: str, checker: Any = None, checker_class: Any = None) -> None:
    """Pool initializer: adopt the inherited Checker (fork), or build one of the caller's
    Checker class (spawn; the class travels by reference, so this module needs no import of it)."""
    global _worker_checker
    if checker is not None:
        _worker_checker = checker
        return
    _worker_checker = checker_class(Config.model_validate_json(config_json))


def _check_chunk(calls: list[CheckCall]) -> list[str]:
    checker = _worker_checker
    assert checker is not None
    with memory_zone(checker):
        return [call.run(checker).model_dump_json() for call in calls]


#: A message long enough to be graded and scored, checked once in the parent before forking so
#: the lazily imported parts (textstat, the syllable table, VADER's first call) are loaded once
#: and inherited, instead of being loaded again by every worker of every pool.
_WARM_UP = (
    "Dear Sam, thank you for your message about your account. We understand that things can be "
    "hard, and we are happy to help you. Your balance of $120.00 is due on 3 May; you can pay at "
    "our website or call us to agree a plan that works for you."
)
_warmed: weakref.WeakSet[Any] = weakref.WeakSet()


def _warm(checker: Any) -> None:
    if checker not in _warmed:
        checker.check(_WARM_UP)
        _warmed.add(checker)


def _can_fork() -> bool:
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def parallel_check(
    config: Config,
    messages: Iterable[str | Mapping[str, Any] | CheckCall],
    defaults: Mapping[str, Any],
    n_process: int,
    chunk_size: int,
    checker: Any,
) -> Iterator[Report]:
    """Yield one Report per message, in input order, checked on `n_process` worker processes.

    `checker` is the caller's Checker; forked workers use it as is, spawned ones build one of
    its class for `config`."""
    config_json = config.model_dump_json()
    if _can_fork():
        _warm(checker)
        context: Any = multiprocessing.get_context("fork")
        initargs: tuple[Any, ...] = (config_json, checker)  # inherited by fork, never pickled
    else:
        context = None
        initargs = (config_json, None, type(checker))

    calls = (CheckCall.of(item, defaults) for item in messages)
    exhausted = False
    while not exhausted:
        # A fresh pool every RECYCLE_AFTER messages per worker: spaCy's memory zones free the
        # strings and lexemes of each chunk but its lexeme index keeps a slot for every word
        # ever seen (~400 bytes a message), so long-lived workers would grow without bound.
        budget = RECYCLE_AFTER * n_process
        pending: deque[tuple[list[str], Future[list[str]]]] = deque()
        with ProcessPoolExecutor(
            max_workers=n_process, mp_context=context, initializer=_init_worker, initargs=initargs
        ) as pool:
            while True:
                while len(pending) < 2 * n_process and budget > 0:
                    chunk = list(islice(calls, min(chunk_size, budget)))
                    if not chunk:
                        exhausted = True
                        budget = 0
                        break
                    budget -= len(chunk)
                    pending.append(
                        ([call.text or "" for call in chunk], pool.submit(_check_chunk, chunk))
                    )
                if not pending:
                    break
                texts, future = pending.popleft()
                for text, payload in zip(texts, future.result(), strict=True):
                    report = Report.model_validate_json(payload)
                    report.attach_text(text)
                    yield report
