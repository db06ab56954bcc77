"""``tonecheck init``: write a ``tonecheck.toml`` that explains itself.

The file sets every key to its default, with a comment saying what it does and when to change
it, so a team can tune tonecheck without reading the source. A test loads the template and
checks that it names every `Config` key and equals the defaults, so it cannot drift.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from . import CliError

TEMPLATE = """\
# tonecheck configuration. tonecheck reads the nearest tonecheck.toml above the current folder
# (or [tool.tonecheck] in pyproject.toml). Every value below is the default; unknown keys are
# errors, so a misspelt setting never silently does nothing. Docs: docs/cli.md.

# Rule packs to load, in order. "core" holds the tone rules for every message.
packs = ["core"]

# Also apply the packs that declare a jurisdiction ("us" = FDCPA / Regulation F, "uk" = FCA
# CONC, or your own pack's [pack] jurisdiction) to messages whose context names it.
jurisdiction_packs = true

# Extra folders with your own rule packs (relative to this file). A folder of .toml files is a
# pack named after the folder; add its name to `packs`. See docs/rule-format.md.
rule_dirs = []

# Rule ids to turn off. Wildcards work: "clarity.jargon-*". Prefer `severity` or `allow` when
# a rule is right in general but wrong for one phrase.
disable = []

# Phrases never flagged: your approved or legally required wording, e.g.
# allow = ["This communication is from a debt collector."]
allow = []

# The lowest severity that fails a check (exit code 1) and blocks the pre-send hook:
# "error", "warning", "suggestion" or "never". The --fail-on option overrides it.
fail_on = "error"

# Longest message accepted, in characters; longer input is refused with a clear error.
max_chars = 100000

# Most rules that may be loaded, a guard against a runaway generated pack.
max_rules = 20000

# Run the VADER sentiment scorer (hostile tone that no specific rule names).
sentiment = true

# `tonecheck hook` and `check` hand messages to a warm background checker (a Unix socket in a
# folder only you can open) so they answer at once; false checks every message in process.
daemon = true

# Minutes without a check after which the background checker exits.
daemon_idle_minutes = 30

# Which files `tonecheck check FOLDER` checks, as globs in .gitignore syntax relative to the
# folder. Hidden files and whatever .gitignore ignores are always left out. Empty `include`:
# every other file. The --include and --exclude options add to these.
# include = ["*.txt", "*.eml", "templates/**/*.j2"]
include = []
exclude = []

# A trained spaCy pipeline for rules that need part-of-speech tags, e.g. "en_core_web_sm"
# (install it yourself; nothing is downloaded). Unset: a blank English pipeline is used and
# `tonecheck rules` lists the rules that were skipped.
# spacy_model = "en_core_web_sm"

# The tables come last, and commented out, so a line appended to this file is a top-level
# setting. Uncomment a table header to use it; TOML puts every key below a [table] line in it.

# Change a rule's severity: "error", "warning" or "suggestion".
# [severity]
# "clarity.jargon-remit" = "suggestion"

# Readability targets per channel (email, sms, letter, voice). Only the keys you set change;
# the others keep their defaults, shown here for sms:
# [thresholds.sms]
# max_grade = 8.0                  # Flesch-Kincaid grade above which clarity drops
# min_reading_ease = 60.0          # Flesch reading ease below which clarity drops
# max_sentence_words = 25          # longest sentence before it is flagged
# max_average_sentence_words = 18.0
# max_characters = 320             # two SMS segments

# Account-level audit (tonecheck audit --account-column; docs/accounts.md): the jurisdiction of
# accounts whose rows name none, account rules to turn off, and thresholds per rule (or per
# "uk:rule" for one jurisdiction), e.g. fewer calls than Regulation F's 7 in 7 days.
# [accounts]
# jurisdiction = "us"
# disable = []
# rule_dirs = []
# [accounts.thresholds."account.call-frequency"]
# max = 5
"""


def run(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if path.is_dir():
        path = path / "tonecheck.toml"
    if path.exists() and not args.force:
        raise CliError(f"{path}: already exists; use --force to overwrite it")
    if not path.parent.is_dir():
        raise CliError(f"{path.parent}: no such folder")
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tonecheck-", suffix=".toml")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(TEMPLATE)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as exc:
        raise CliError(f"{path}: cannot write: {exc.strerror or exc}") from None
    sys.stdout.write(f"wrote {path}: every setting is explained in the file\n")
    return 0
