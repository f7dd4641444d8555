"""The language server: findings as editor diagnostics, rewrites as quick fixes, and the
rule's explanation on hover.

`plmsg lsp` (or `python -m plmsg.lsp`) speaks the Language Server Protocol over stdio.
A draft is checked when it is opened, saved, and a moment after each change (typing
sends a change per key; one check for a burst of them is enough). The document's
format comes from its file name, and its config is found upward from its folder, as
`plmsg check FILE` does from the folder it runs in.

The spaCy model and the compiled rules are what make a first check slow, so the server
keeps one NLP context for its whole life and one Linter per config file, built on the
first draft that needs it and rebuilt only when that config file changes.
"""

from __future__ import annotations

import bisect
import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

from .install import install_hint

try:
    from lsprotocol import types as lsp
    from pygls.server import LanguageServer
    from pygls.uris import to_fs_path, uri_scheme
except ModuleNotFoundError as exc:  # pygls is an optional extra
    raise ModuleNotFoundError(f"plmsg lsp needs pygls: {install_hint('lsp')}", name=exc.name) from None

from . import __version__
from .linter import Linter
from .model import FileResult
from .markup import TEXT_FORMATS, format_for
from .model import Finding, Severity, line_index
from .yamlio import ConfigError

log = logging.getLogger(__name__)

SOURCE = "plmsg"
CHANGE_DELAY = 0.25  # seconds of quiet after a change before the draft is checked again
FIX_ALL = f"{lsp.CodeActionKind.SourceFixAll.value}.plmsg"
MAY_CHANGE_MEANING = " (may change meaning)"

SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.SUGGESTION: lsp.DiagnosticSeverity.Information,
}

# For a document whose name says nothing (an untitled buffer): its language id.
LANGUAGE_FORMATS = {"markdown": "markdown", "html": "html", "plaintext": "text", "text": "text"}


# -- positions ------------------------------------------------------------------------------
class Positions:
    """Character offsets (Python `str` indices, as in findings) ↔ LSP positions.

    LSP counts a line's characters in the negotiated encoding's code units, UTF-16 unless
    the client asks otherwise: an emoji before a finding is two units, not one. Lines end
    at \\n, \\r\\n or \\r, as for plmsg's own line numbers.
    """

    def __init__(self, text: str, encoding: str = lsp.PositionEncodingKind.Utf16) -> None:
        self.text = text
        self.starts = line_index(text).starts
        self.encoding = encoding

    def units(self, chars: str) -> int:
        if self.encoding == lsp.PositionEncodingKind.Utf32:
            return len(chars)
        if self.encoding == lsp.PositionEncodingKind.Utf8:
            return len(chars.encode("utf-8", "surrogatepass"))
        return len(chars) + sum(1 for c in chars if ord(c) > 0xFFFF)

    def position(self, offset: int) -> lsp.Position:
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        return lsp.Position(line=line, character=self.units(self.text[self.starts[line]:offset]))

    def range(self, start: int, end: int) -> lsp.Range:
        return lsp.Range(start=self.position(start), end=self.position(end))

    def offset(self, position: lsp.Position) -> int:
        """The offset of a client position; past the end of a line is its end."""
        if position.line >= len(self.starts):
            return len(self.text)
        start = self.starts[position.line]
        end = self.starts[position.line + 1] if position.line + 1 < len(self.starts) else len(self.text)
        line = self.text[start:end].rstrip("\r\n")
        units = 0
        for i, char in enumerate(line):
            if units >= position.character:
                return start + i
            units += self.units(char)
        return start + len(line)


# -- one checked document -----------------------------------------------------------------
@dataclass(frozen=True)
class Checked:
    """A document's text as it was checked, and what the check found."""

    uri: str
    version: Optional[int]
    text: str
    name: str  # the file path the linter saw (for overrides and messages)
    fmt: str
    result: FileResult
    linter: Linter
    positions: Positions

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.result.findings

    def at(self, offset: int) -> list[Finding]:
        """Findings whose span holds the offset (an empty span: its one position)."""
        return [f for f in self.findings if f.start <= offset < f.end or f.start == f.end == offset]

    def overlapping(self, start: int, end: int) -> list[Finding]:
        return [f for f in self.findings if f.start <= end and f.end >= start]


class PlmsgServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(SOURCE, __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Full)
        self._nlp = None
        self._linters: dict[Any, Linter] = {}
        self._broken: dict[Any, ConfigError] = {}  # config key → why its Linter could not be built
        self._checked: dict[str, Checked] = {}
        self._pending: dict[str, Any] = {}  # uri → the timer of its delayed check
        self._told: set[str] = set()

    # -- messages ---------------------------------------------------------------------------
    def tell(self, message: str, kind: lsp.MessageType = lsp.MessageType.Error) -> None:
        """Show a message once, not on every keystroke that runs into the same problem."""
        if message not in self._told:
            self._told.add(message)
            self.show_message(message, kind)

    # -- linters ------------------------------------------------------------------------------
    @property
    def nlp(self):
        if self._nlp is None:
            from .nlp import NLP

            self._nlp = NLP()
        return self._nlp

    def linter_for(self, folder: Path) -> Linter:
        """The Linter for drafts in `folder`: one per config file, rebuilt when it changes.
        Raises ConfigError for a config or rule file that cannot be used."""
        from .settings import find_config, load_settings

        config = find_config(folder)
        try:
            key = (str(config), config.stat().st_mtime_ns) if config else None
        except OSError:
            key = (str(config), None)
        if key in self._linters:
            return self._linters[key]
        if key in self._broken:  # until the file changes, don't read it on every keystroke
            raise self._broken[key]
        try:
            linter = Linter(load_settings(config, cwd=folder), nlp=self.nlp)
        except ConfigError as exc:
            self._broken[key] = exc
            raise
        # A config written again replaces its Linter; the others stay for their drafts.
        self._linters = {k: v for k, v in self._linters.items() if k is None or k[0] != str(config)}
        self._linters[key] = linter
        notice = linter.model_notice()
        if notice:
            self.tell(notice, lsp.MessageType.Warning)
        return linter

    # -- checking ------------------------------------------------------------------------------
    def check(self, uri: str) -> Optional[Checked]:
        """The document's findings for its current text (checked now if not yet)."""
        doc = self.workspace.text_documents.get(uri)
        if doc is None:
            return None
        text = doc.source
        known = self._checked.get(uri)
        if known is not None and known.text == text:
            return known
        path = _path_of(uri)
        name = str(path) if path else uri
        fmt = _format_of(name, doc.language_id)
        if fmt is None:
            return None
        folder = path.parent if path else Path(self.workspace.root_path or Path.cwd())
        try:
            linter = self.linter_for(folder)
            too_big = len(text.encode("utf-8", "surrogatepass")) > linter.settings.max_draft_mb * 2**20
            if too_big:
                self.tell(f"plmsg: {name} is over the {linter.settings.max_draft_mb} MB limit for a draft "
                          "(max_draft_mb in the config); it is not checked.", lsp.MessageType.Warning)
                return None
            result = linter.check_source(name, text, fmt=fmt)
        except ConfigError as exc:
            self.tell(f"plmsg: {exc}")
            self._checked.pop(uri, None)
            return None
        checked = Checked(uri, doc.version, text, name, fmt, result, linter,
                          Positions(text, self.workspace.position_encoding or lsp.PositionEncodingKind.Utf16))
        self._checked[uri] = checked
        return checked

    def publish(self, uri: str) -> None:
        self._cancel(uri)
        checked = self.check(uri)
        if checked is None:  # not a draft, or its config is broken: nothing (stale) to show
            doc = self.workspace.text_documents.get(uri)
            self.publish_diagnostics(uri, [], version=doc.version if doc else None)
            return
        self.publish_diagnostics(uri, diagnostics(checked), version=checked.version)

    def publish_later(self, uri: str) -> None:
        self._cancel(uri)
        self._pending[uri] = self.loop.call_later(CHANGE_DELAY, self._publish_pending, uri)

    def _publish_pending(self, uri: str) -> None:
        self._pending.pop(uri, None)
        if uri not in self.workspace.text_documents:
            return
        try:
            self.publish(uri)
        except Exception as exc:  # a bug must not stop the server; pygls reports handler errors alike
            log.exception("checking %s failed", uri)
            self.tell(f"plmsg: internal error while checking: {type(exc).__name__}: {exc}")

    def _cancel(self, uri: str) -> None:
        timer = self._pending.pop(uri, None)
        if timer is not None:
            timer.cancel()

    def forget(self, uri: str) -> None:
        self._cancel(uri)
        self._checked.pop(uri, None)
        self.publish_diagnostics(uri, [])

    def stop_timers(self) -> None:
        for uri in list(self._pending):
            self._cancel(uri)


def _path_of(uri: str) -> Optional[Path]:
    if uri_scheme(uri) != "file":
        return None
    path = to_fs_path(uri)
    return Path(path) if path else None


def _format_of(name: str, language_id: Optional[str]) -> Optional[str]:
    """markdown, html or text from the file name; else from the editor's language id;
    None for a document plmsg does not read (source code, say)."""
    if name.lower().endswith(TEXT_FORMATS):  # an editor holds text: not a Word document or PDF
        return format_for(name)
    return LANGUAGE_FORMATS.get((language_id or "").lower())


# -- diagnostics ------------------------------------------------------------------------------
def diagnostics(checked: Checked) -> list[lsp.Diagnostic]:
    if checked.result.error:
        message = checked.result.error.removeprefix(f"{checked.name}: ")
        return [lsp.Diagnostic(range=checked.positions.range(0, 0), message=f"plmsg cannot read this draft: "
                               f"{message}", severity=lsp.DiagnosticSeverity.Error, source=SOURCE)]
    return [diagnostic(checked, f) for f in checked.findings]


def diagnostic(checked: Checked, f: Finding) -> lsp.Diagnostic:
    # Rewrites the message does not already name go after it (as the terminal report
    # shows up to three), so the writer sees the options without hovering.
    shown = f.suggestions[:3]
    extra = [s for s in shown if s.lower() not in f.message.lower()]
    label = "Or:" if len(extra) < len(shown) else "Try:"
    message = f.message + (f" {label} {' | '.join(extra)}" if extra else "")
    data = {"suggestions": list(f.suggestions),
            "fix": {"start": f.fix.start, "end": f.fix.end, "replacement": f.fix.replacement,
                    "applicability": f.fix.applicability} if f.fix else None}
    return lsp.Diagnostic(range=checked.positions.range(f.start, f.end), message=message,
                          severity=SEVERITY[f.severity], code=f.rule, source=SOURCE, data=data)


# -- code actions ------------------------------------------------------------------------------
def code_actions(ls: PlmsgServer, checked: Checked, start: int, end: int,
                 only: Optional[Sequence[str]]) -> list[lsp.CodeAction]:
    actions: list[lsp.CodeAction] = []
    if _wanted(lsp.CodeActionKind.QuickFix, only):
        for f in checked.overlapping(start, end):
            actions += quick_fixes(ls, checked, f)
    if _wanted(FIX_ALL, only) and any(f.fix and f.fix.safe for f in checked.findings):
        action = lsp.CodeAction(title="plmsg: fix all safe rewrites in this file", kind=FIX_ALL,
                                data={"uri": checked.uri, "version": checked.version})
        if not _client_resolves_edits(ls):
            action = resolve_fix_all(ls, action)
        if action is not None:
            actions.append(action)
    return actions


def quick_fixes(ls: PlmsgServer, checked: Checked, f: Finding) -> list[lsp.CodeAction]:
    """A safe fix is the preferred action; an unsafe one says it may change the meaning;
    several options (nothing applied by --fix) are offered side by side, none preferred."""
    rule = next((r for r in checked.linter.rules if r.id == f.rule), None)
    unsafe_rule = rule is not None and rule.fix_safety == "unsafe"
    diag = [diagnostic(checked, f)]
    if f.fix is not None:
        before = " ".join(checked.text[f.fix.start:f.fix.end].split())  # a span may wrap
        title = f"plmsg: replace '{before}' with '{f.fix.replacement}'"
        title += "" if f.fix.safe else MAY_CHANGE_MEANING
        edit = _edit(ls, checked, [(f.fix.start, f.fix.end, f.fix.replacement)])
        return [lsp.CodeAction(title=title, kind=lsp.CodeActionKind.QuickFix, diagnostics=diag,
                               edit=edit, is_preferred=f.fix.safe)]
    if not f.replaces:
        return []  # the suggestions are advice, not words to put in place of the span
    out = []
    for option in f.suggestions:
        title = f"plmsg: replace '{' '.join(f.text.split())}' with '{option}'"
        title += MAY_CHANGE_MEANING if unsafe_rule else ""
        out.append(lsp.CodeAction(title=title, kind=lsp.CodeActionKind.QuickFix, diagnostics=diag,
                                  edit=_edit(ls, checked, [(f.start, f.end, option)]), is_preferred=False))
    return out


def resolve_fix_all(ls: PlmsgServer, action: lsp.CodeAction) -> Optional[lsp.CodeAction]:
    """Fill in the edit of "fix all": the same bounded fix loop as `plmsg check --fix`."""
    from .fixes import fix_text

    data = action.data or {}
    checked = ls.check(data.get("uri", ""))
    if checked is None:
        return None
    def lint(text: str):
        return checked.linter.check_source(checked.name, text, fmt=checked.fmt).findings

    outcome = fix_text(checked.text, lint)
    if outcome.problem:
        ls.show_message(f"plmsg: not fixed: {outcome.problem}", lsp.MessageType.Warning)
    if outcome.text == checked.text:
        return None
    action.edit = _edit(ls, checked, [_changed_span(checked.text, outcome.text)])
    return action


def _changed_span(before: str, after: str) -> tuple[int, int, str]:
    """One edit from `before` to `after`: the part between their common start and end
    (a whole-document replacement would move the cursor and folds in some editors)."""
    head = 0
    limit = min(len(before), len(after))
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    return head, len(before) - tail, after[head:len(after) - tail]


def _edit(ls: PlmsgServer, checked: Checked, changes: Iterable[tuple[int, int, str]]) -> lsp.WorkspaceEdit:
    edits = [lsp.TextEdit(range=checked.positions.range(a, z), new_text=new) for a, z, new in changes]
    versioned = _capability(ls, "workspace", "workspace_edit", "document_changes")
    if versioned and checked.version is not None:
        doc = lsp.OptionalVersionedTextDocumentIdentifier(uri=checked.uri, version=checked.version)
        return lsp.WorkspaceEdit(document_changes=[lsp.TextDocumentEdit(text_document=doc, edits=edits)])
    return lsp.WorkspaceEdit(changes={checked.uri: edits})


def _wanted(kind: str, only: Optional[Sequence[str]]) -> bool:
    """Whether the client asked for this kind: "source" covers "source.fixAll.plmsg"."""
    kind = getattr(kind, "value", kind)
    wanted = [getattr(k, "value", k) for k in only or ()]
    return not wanted or any(kind == k or kind.startswith(f"{k}.") for k in wanted)


def _client_resolves_edits(ls: PlmsgServer) -> bool:
    support = _capability(ls, "text_document", "code_action", "resolve_support")
    return bool(support and "edit" in (support.properties or ()))


def _capability(ls: PlmsgServer, *names: str):
    value: Any = ls.client_capabilities
    for name in names:
        value = getattr(value, name, None)
        if value is None:
            return None
    return value


# -- hover --------------------------------------------------------------------------------------
def hover_text(checked: Checked, found: Sequence[Finding]) -> str:
    parts = []
    for f in found:
        head = f"**plmsg `{f.rule}`** ({f.severity.value}): {f.message}"
        if f.suggestions:
            head += "\n\n" + ("Rewrite: " if f.fix else "Try: ") + " | ".join(f"*{s}*" for s in f.suggestions)
        parts.append(head + "\n\n" + explain_markdown(checked.linter, f.rule))
    return "\n\n---\n\n".join(parts)


def explain_markdown(linter: Linter, rule_id: str) -> str:
    """`plmsg explain RULE` as Markdown: summary, principle, why, bad → better, fix safety."""
    from .explain import explanation, markdown

    e = explanation(linter, rule_id)
    return markdown(e) if e is not None else ""


# -- the server ------------------------------------------------------------------------------------
def make_server() -> PlmsgServer:
    ls = PlmsgServer()

    @ls.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: PlmsgServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)

    @ls.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PlmsgServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.publish_later(params.text_document.uri)

    @ls.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: PlmsgServer, params: lsp.DidSaveTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)

    @ls.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PlmsgServer, params: lsp.DidCloseTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)

    @ls.feature(lsp.TEXT_DOCUMENT_CODE_ACTION,
                lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL],
                                      resolve_provider=True))
    def code_action(ls: PlmsgServer, params: lsp.CodeActionParams) -> Optional[list[lsp.CodeAction]]:
        checked = ls.check(params.text_document.uri)
        if checked is None:
            return None
        start = checked.positions.offset(params.range.start)
        end = checked.positions.offset(params.range.end)
        return code_actions(ls, checked, start, end, params.context.only) or None

    @ls.feature(lsp.CODE_ACTION_RESOLVE)
    def code_action_resolve(ls: PlmsgServer, action: lsp.CodeAction) -> lsp.CodeAction:
        if action.kind == FIX_ALL and action.edit is None:
            return resolve_fix_all(ls, action) or action
        return action

    @ls.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: PlmsgServer, params: lsp.HoverParams) -> Optional[lsp.Hover]:
        checked = ls.check(params.text_document.uri)
        if checked is None:
            return None
        found = checked.at(checked.positions.offset(params.position))
        if not found:
            return None
        text = lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=hover_text(checked, found))
        return lsp.Hover(contents=text, range=checked.positions.range(found[0].start, found[0].end))

    @ls.feature(lsp.SHUTDOWN)
    def shutdown(ls: PlmsgServer, *args) -> None:
        ls.stop_timers()

    return ls


def serve() -> None:
    """Run the language server over stdio until the client says exit."""
    import signal

    protocol_out = sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the protocol stream
    # Ctrl+C in a terminal ends the server at once: pygls would catch the interrupt, then
    # wait for its reader thread, which waits for a line of input that never comes.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    make_server().start_io(sys.stdin.buffer, protocol_out)


if __name__ == "__main__":
    serve()
