"""Settings + rules + NLP → results for files. The one place a run is assembled."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from . import __version__, shipped
from .cache import Cache, digest, findings_from_json, findings_to_json
from .context import DraftContext
from .derived import DataStore, code_stamp, stamp
from .engine import run_rules
from .english import English, load_english
from .english import shipped as shipped_english
from .files import DOCUMENT_FACTOR, InputError, read_bytes, read_source
from .kinds.base import Rule
from .lexicon import Lexicon
from .loader import (Extension, RuleSource, compile_rule, data_dir, extend, load_glossary, load_principles,
                     load_profiles, read_district_rule, read_rule_file, rule_files, with_options)
from .markup import DOCUMENT_SUFFIXES, MarkupError, format_for, read_document, read_draft, unsupported
from .model import Draft, FileResult
from .nlp import NLP, ModelUnavailable, model_hint
from .readability import Readability
from .settings import Settings
from .spec import Glossary, Principle, Profile
from .yamlio import ConfigError, Located


@dataclass(frozen=True)
class Library:
    """What rules are compiled against."""

    glossary: Glossary
    nlp: NLP
    english: English
    lexicon: Lexicon
    preferred_term: str | None
    options: Mapping[str, Mapping[str, Any]]
    options_located: Located | None


class Linter:
    """A run's rules, word knowledge and caches, and checking files with them.

    `annotate(result, principles)`, when given, renders each file's report entry where the
    file is checked: on a worker, in parallel, and kept in the cache, so the JSON report of
    a warm run only writes it out. `shipped_data=False` ignores the word knowledge shipped
    with plmsg (for rebuilding it)."""

    def __init__(self, settings: Settings, nlp: NLP | None = None, select: Iterable[str] | None = None,
                 ignore: Iterable[str] = (), report_unused_suppressions: bool = False,
                 cache: Cache | None = None, compile_rules: bool = True,
                 annotate: Callable[[FileResult, tuple[Principle, ...]], str] | None = None,
                 shipped_data: bool = True) -> None:
        self.settings = settings
        self.report_unused = report_unused_suppressions
        self.cache = cache
        self.annotate = annotate
        self.shipped_data = shipped_data
        self.store = DataStore(cache.folder if cache is not None else None)  # derived data, beside the cache
        self.nlp = nlp or NLP()
        glossary = load_glossary(data_dir() / "glossary.yaml")
        for path in settings.glossary:
            glossary = glossary.merged(load_glossary(path))
        english = shipped_english()
        for path in settings.english:
            english = english.merged(load_english(path))
        self.english = english
        self.lexicon = Lexicon()  # word knowledge: this Linter's own, seeded when rules compile
        self.library = Library(glossary, self.nlp, english, self.lexicon, settings.preferred_term, settings.options,
                               settings.located)
        self.profiles: dict[str, Profile] = load_profiles(data_dir() / "audiences.yaml")
        self.principles: tuple[Principle, ...] = load_principles(data_dir() / "principles.yaml")
        self.sources = self._load_rules()
        if compile_rules:
            self.compile()
        self.select = tuple(select) if select else settings.select
        self.cli_ignore = tuple(ignore)
        self.ignore = tuple(settings.ignore) + tuple(ignore)
        self._check_references(tuple(select or ()), tuple(ignore))

    # -- rules ------------------------------------------------------------------------------
    def _load_rules(self) -> list[RuleSource]:
        """Every rule file, read and validated (compiling the matchers waits for `rules`):
        the built-in ones, then the district's (which replace a built-in one only with
        `override: true`), then the district files that extend a rule (`extends: ID`),
        then config `options:`."""
        rules: dict[str, RuleSource] = {}
        for path in rule_files(data_dir() / "rules"):
            rule = read_rule_file(path, self.library, options=False)
            if rule.spec.id in rules:
                raise ConfigError(str(path), f"duplicate rule id {rule.spec.id!r} (also in "
                                  f"{rules[rule.spec.id].spec.source})", rule.spec.line, "id")
            rules[rule.spec.id] = rule
        builtin = set(rules)
        extensions: list[Extension] = []
        for folder in self.settings.rule_paths:
            for path in rule_files(folder):
                rule = read_district_rule(path)
                if isinstance(rule, Extension):
                    extensions.append(rule)
                    continue
                rid = rule.spec.id
                if rid in rules and not (rid in builtin and rule.override):
                    hint = (" (add override: true to replace the built-in rule, or write extends: "
                            f"{rid} without an id to add to it)") if rid in builtin else ""
                    raise ConfigError(str(path), f"duplicate rule id {rid!r}{hint}", rule.spec.line, "id")
                builtin.discard(rid)
                rules[rid] = rule
        for ext in extensions:
            if ext.base not in rules:
                raise ext.located.error(("extends",), f"no rule with id {ext.base!r} to extend "
                                        "(see 'plmsg rules --all' for the ids)")
            rules[ext.base] = extend(rules[ext.base], ext)
        return sorted((with_options(r, self.library) for r in rules.values()), key=lambda r: r.spec.id)

    @cached_property
    def rules(self) -> list[Rule]:
        """The compiled rules. Compiling imports spaCy and expands every phrase's
        inflections, so a run whose files all come from the cache never does it."""
        if self.shipped_data:
            self.lexicon.remember(shipped.load())  # the built-in rules' words, shipped with plmsg
            self.lexicon.remember(shipped.load_tokens(self.nlp.tokenizer_name))  # and how they tokenize
        self.lexicon.remember(self.store.load(self._words_name))  # a district's, from earlier runs
        rules = [compile_rule(s, self.library) for s in self.sources]
        self.save_word_knowledge()
        return rules

    @cached_property
    def readability(self) -> Readability:
        """The syllable counts readability is computed with (shipped, or kept beside the cache)."""
        return Readability.build(self.store, self.lexicon)

    @cached_property
    def _words_name(self) -> str:
        return f"words-{stamp('lemminflect', 'spacy')}"

    def save_word_knowledge(self) -> None:
        """Store what was learnt about words (phrase forms at compile time, which word of a
        rewrite takes a plural while checking) for the next run, if anything was."""
        stored = self.lexicon.to_store()
        if stored is not None:
            self.store.save(self._words_name, stored)

    def compile(self) -> None:
        """Compile now (errors in patterns surface here, as ConfigError)."""
        self.rules  # noqa: B018 - the property does the work

    def _check_references(self, cli_select: tuple[str, ...], cli_ignore: tuple[str, ...]) -> None:
        ids = {s.spec.id for s in self.sources}
        tags = {t for s in self.sources for t in s.spec.tags}
        loc = self.settings.located
        for profile in self.profiles.values():
            for rule_id in [*profile.ignore, *profile.severity]:
                if rule_id not in ids:
                    raise ConfigError(str(data_dir() / "audiences.yaml"),
                                      f"profile {profile.name!r} names unknown rule {rule_id!r}")
        for key in ("severity", "options"):
            for rule_id in getattr(self.settings, key):
                if rule_id not in ids:
                    raise _config_error(loc, (key, rule_id), f"unknown rule {rule_id!r}")
        known = ids | tags | {"all"}
        for key in ("select", "ignore"):
            for value in getattr(self.settings, key):
                if value not in known:
                    raise _config_error(loc, (key,), f"unknown rule or tag {value!r}")
        for flag, values in (("--select", cli_select), ("--ignore", cli_ignore)):
            for value in values:
                if value not in known:
                    raise ConfigError(flag, f"unknown rule or tag {value!r} (see 'plmsg rules')")

    def active_rules(self, audience: str, path: str | None = None) -> list[Rule]:
        """Rules for this audience: selected, not ignored, meant for the audience, and not
        left out by its profile (unless selected by id, which says the user wants it)."""
        ignore = self.ignore + (self.settings.ignored_for(path) if path else ())
        profile_ignore = set(self.profiles[audience].ignore) - set(self.select)
        return [r for r in self.rules
                if audience in r.spec.audiences and r.id not in profile_ignore
                and _selected(r, self.select, ignore)]

    def severities(self, audience: str) -> dict:
        """Config `severity:` wins over the audience profile's, which wins over the rule's."""
        return {**self.profiles[audience].severity, **self.settings.severity}

    def skipped_for_model(self, rules: Iterable[Rule]) -> list[str]:
        needing = [r.id for r in rules if r.needs_model]
        return needing if needing and not self.nlp.has_model else []

    def model_notice(self) -> str | None:
        """One line on what goes unchecked without the spaCy model, or None (without
        compiling the rules when the model is there)."""
        if self.nlp.has_model:
            return None
        rules = self.rules
        whole = [r.id for r in rules if r.needs_model]
        part = [r.id for r in rules if r.partly_needs_model and not r.needs_model]
        if not whole and not part:
            return None
        what = ", ".join(whole)
        if part:
            what += (" and " if what else "") + f"the claims {', '.join(part)} read over the parse"
        return (f"plmsg: skipped {what}: they need the spaCy English model, which is not installed "
                f"(install it with: {model_hint()}).")

    # -- checking -----------------------------------------------------------------------------
    # Drafts checked together are prepared in groups of about this size, and the sentences
    # their rules will parse are parsed in one batch per group.
    GROUP_FILES = 48
    GROUP_CHARS = 400_000

    def check_file(self, path: Path, audience: str | None = None, display: str | None = None) -> FileResult:
        return self._finish(self._prepare_file(path, audience, display))

    def check_files(self, tasks: Iterable[tuple[Path, str | None, str | None]]) -> Iterator[FileResult]:
        """`check_file` for each (path, display name, audience), in order. spaCy parses a
        batch of hundreds of sentences much faster per sentence than a few at a time, so the
        drafts are read in groups and the sentences their rules will parse are parsed
        together first; each draft's findings are the same as checked alone."""
        group: list = []
        size = 0
        for path, display, audience in tasks:
            item = self._prepare_file(path, audience, display)
            group.append(item)
            if isinstance(item, _Pending):
                size += len(item.result.source or "")
            if len(group) >= self.GROUP_FILES or size >= self.GROUP_CHARS:
                yield from self._finish_group(group)
                group, size = [], 0
        yield from self._finish_group(group)

    def _finish_group(self, group: list) -> Iterator[FileResult]:
        pending = [p for p in group if isinstance(p, _Pending)]
        try:
            if len(pending) > 1:  # remembered by text: the rules' own calls find them
                if texts := [s.text for p in pending for r in p.rules for s in r.to_tag(p.ctx)]:
                    self.nlp.tag(texts)
                if texts := [s.text for p in pending for r in p.rules for s in r.to_parse(p.ctx)]:
                    self.nlp.parse(texts)
        except ModelUnavailable:
            pass  # each rule reports it as it would alone
        for item in group:
            yield self._finish(item)
        self.nlp.forget_tags()

    def _prepare_file(self, path: Path, audience: str | None, display: str | None) -> "FileResult | _Pending":
        """A result from the cache (or an error), or a draft ready for its rules."""
        name = display or str(path)
        why = unsupported(name)
        if why is not None:  # a Word file, a PDF: say what plmsg reads and what to do
            return FileResult(name, error=why)
        document: Draft | None = None
        read_note: tuple[str, ...] = ()
        try:
            if name.lower().endswith(DOCUMENT_SUFFIXES):  # Word, PDF, e-mail: read from their bytes
                document = read_document_file(Path(path), name, self.settings.max_draft_mb)
                source = document.source
            else:
                read = read_source(Path(path), self.settings.max_draft_mb)
                source = read.text
                # how the file was read (Windows-1252): said on each run, never cached with the results
                read_note = (f"plmsg: {name} {read.note}.",) if read.note else ()
        except (InputError, MarkupError) as exc:
            return FileResult(name, error=f"{name}: {exc}")
        return self._prepare_text(name, source, audience, document, read_note)

    def check_page(self, name: str, text: str, audience: str | None = None) -> FileResult:
        """A web page fetched from its address (`name`), checked as HTML, with the cache."""
        return self._finish(self._prepare_text(name, text, audience, None, (), fmt="html"))

    def _prepare_text(self, name: str, source: str, audience: str | None, document: Draft | None,
                      read_note: tuple[str, ...], fmt: str | None = None) -> "FileResult | _Pending":
        places = document.places if document is not None else None
        key = None
        if self.cache is not None:
            key = self.cache_key(name, source, audience, fmt)
            hit = self.cache.get(key)
            if hit is not None:
                try:
                    result = FileResult(name, hit["audience"], hit["stats"], findings_from_json(hit["findings"]),
                                        source=source, rules_run=tuple(hit["rules_run"]), notes=tuple(hit["notes"]),
                                        facts=dict(hit["facts"]))
                except (KeyError, TypeError, ValueError):
                    pass  # an entry from a broken write: check again and replace it
                else:
                    result = replace(result, notes=read_note + result.notes, places=places)
                    return result.with_entry(hit["entry"]) if isinstance(hit.get("entry"), str) else result
        prepared = self._prepare_source(name, source, audience, fmt, draft=document)
        if isinstance(prepared, _Pending):
            prepared.cache_key = key
            prepared.read_note = read_note
        return prepared

    def _finish(self, item: "FileResult | _Pending") -> FileResult:
        if isinstance(item, FileResult):
            return item
        ctx, rules = item.ctx, item.rules
        checked = run_rules(ctx, rules, {r.id for r in self.rules}, self.report_unused)
        ran = [r for r in rules if r.applies(ctx)]
        result = replace(item.result, stats=document_stats(ctx), findings=tuple(checked.findings),
                         rules_run=tuple(r.id for r in ran), notes=tuple(checked.notes),
                         facts={k: v for r in ran for k, v in r.facts(ctx).items()})
        if self.annotate is not None:
            result = result.with_entry(self.annotate(result, self.principles))
        if item.cache_key is not None and self.cache is not None:
            value = {"audience": result.audience, "stats": result.stats, "findings": findings_to_json(result.findings),
                     "rules_run": list(result.rules_run), "notes": list(result.notes), "facts": dict(result.facts)}
            if result.entry is not None:
                value["entry"] = result.entry
            self.cache.put(item.cache_key, value)
        return replace(result, notes=item.read_note + result.notes) if item.read_note else result

    @cached_property
    def rules_digest(self) -> str:
        """Everything besides the draft that decides its findings."""
        files = sorted({f for s in self.sources for f in s.files})
        data = [Path(f).read_bytes() for f in files]
        data += [(data_dir() / n).read_bytes() for n in ("glossary.yaml", "audiences.yaml", "principles.yaml",
                                                          "english.yaml")]
        data += [Path(p).read_bytes() for p in (*self.settings.glossary, *self.settings.english)]
        s = self.settings
        config = [s.audience, s.preferred_term, s.select, s.ignore, {k: v.value for k, v in s.severity.items()},
                  s.options, [(o.files, o.audience, o.ignore, o.html) for o in s.overrides], s.html, str(s.root),
                  self.select, self.ignore, self.report_unused]
        return digest(__version__, code_stamp(), self.nlp.model_version, config, *data)

    def cache_key(self, name: str, source: str, audience: str | None, fmt: str | None = None) -> str:
        # The text as UTF-8 bytes: hashed as it is, not first written out as a JSON string.
        return digest(self.rules_digest, name, audience, fmt or format_for(name),
                      source.encode("utf-8", "surrogatepass"))

    def check_source(self, path: str, source: str, audience: str | None = None,
                     fmt: str | None = None) -> FileResult:
        return self._finish(self._prepare_source(path, source, audience, fmt))

    def read(self, path: Path, name: str) -> Draft:
        """A file's draft as a check reads it (raises InputError or MarkupError)."""
        if name.lower().endswith(DOCUMENT_SUFFIXES):
            return read_document_file(Path(path), name, self.settings.max_draft_mb)
        text = read_source(Path(path), self.settings.max_draft_mb).text
        return read_draft(name, text, format_for(name), self.settings.html_for(name))

    def check_draft(self, draft: Draft, audience: str | None = None) -> FileResult:
        """Check a draft already read (the text of a Word document, as --fix edits it)."""
        return self._finish(self._prepare_source(draft.path, draft.source, audience, draft=draft))

    def _prepare_source(self, path: str, source: str, audience: str | None,
                        fmt: str | None = None, draft: Draft | None = None) -> "FileResult | _Pending":
        if draft is None:
            try:
                draft = read_draft(path, source, fmt or format_for(path), self.settings.html_for(path))
            except MarkupError as exc:
                return FileResult(path, error=f"{path}: {exc}")
        who = self.settings.audience_for(path, draft.meta, audience)
        rules = self.active_rules(who, path)
        skipped = set(self.skipped_for_model(rules))
        rules = [r for r in rules if r.id not in skipped]
        ctx = DraftContext(draft, who, self.nlp, self.severities(who), self.profiles[who], self.english,
                           self.readability)
        return _Pending(FileResult(path, who, source=source, places=draft.places), ctx, rules)


def read_document_file(path: Path, name: str, max_mb: int) -> Draft:
    """A Word document, PDF or e-mail, refused by size before it is read (it may be
    DOCUMENT_FACTOR times a draft's limit: pictures and fonts are most of its bytes)."""
    limit = max_mb * DOCUMENT_FACTOR
    data = read_bytes(path, limit, what=f"a document ({DOCUMENT_FACTOR} × max_draft_mb)")
    return read_document(name, data, max_mb)


@dataclass
class _Pending:
    """A draft read and tokenized, its rules chosen, waiting to be checked."""

    result: FileResult  # path, audience and source; the rest is filled in when checked
    ctx: DraftContext
    rules: list[Rule]
    cache_key: str | None = None
    read_note: tuple[str, ...] = ()  # how the file was read, when a reader should know


def document_stats(ctx: DraftContext) -> dict[str, Any]:
    return {"words": ctx.word_count, "sentences": len(ctx.prose_sentences), **ctx.readability}


def _selected(rule: Rule, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    """The most specific selector wins: a rule id beats a tag, a tag beats "all"."""

    def specificity(selectors: tuple[str, ...]) -> int:
        best = 0
        for s in selectors:
            if s == rule.id:
                best = max(best, 3)
            elif s in rule.spec.tags:
                best = max(best, 2)
            elif s == "all":
                best = max(best, 1)
        return best

    chosen, dropped = specificity(select), specificity(ignore)
    return chosen > 0 and chosen > dropped


def _config_error(loc: Located | None, keypath, message: str) -> ConfigError:
    if loc is None:  # settings made in code, not read from a file
        return ConfigError("settings", message, key=".".join(str(k) for k in keypath))
    return loc.error(keypath, message)
