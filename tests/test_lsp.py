"""The language server, spoken to over stdio as an editor would: one server per module.

A small JSON-RPC client with Content-Length framing drives `python -m plmsg.lsp`;
positions are checked in UTF-16 code units, as LSP clients count them.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason='the language server needs pygls (the lsp extra: pip install -e ".[lsp]")')

TIMEOUT = 30  # seconds; the first check loads the spaCy model and compiles the rules


class Client:
    """Just enough of an LSP client: requests, notifications, and what the server sends."""

    def __init__(self, cwd: Path) -> None:
        env = {**os.environ, "PLMSG_CACHE_DIR": str(cwd / "cache")}
        self.proc = subprocess.Popen([sys.executable, "-m", "plmsg.lsp"], cwd=cwd, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.next_id = 0
        self.responses: dict[int, dict] = {}
        self.inbox: "queue.Queue[dict]" = queue.Queue()
        self.notes: list[dict] = []  # notifications received and not yet taken
        self.stderr: list[bytes] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: self.stderr.extend(self.proc.stderr), daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            self.inbox.put(json.loads(out.read(length).decode("utf-8")))

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: dict | None = None) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict | None = None):
        self.next_id += 1
        ident = self.next_id
        self.send({"id": ident, "method": method, "params": params})
        while ident not in self.responses:
            self._take()
        response = self.responses.pop(ident)
        assert "error" not in response, response
        return response["result"]

    def wait(self, method: str, match=lambda params: True) -> dict:
        """The first notification of `method` (already received or still to come) that matches."""
        while True:
            for note in self.notes:
                if note["method"] == method and match(note["params"]):
                    self.notes.remove(note)
                    return note["params"]
            self._take()

    def diagnostics(self, uri: str, version: int | None = None) -> list[dict]:
        def match(params):
            return params["uri"] == uri and (version is None or params.get("version") == version)

        return self.wait("textDocument/publishDiagnostics", match)["diagnostics"]

    def _take(self) -> None:
        try:
            message = self.inbox.get(timeout=TIMEOUT)
        except queue.Empty:
            raise AssertionError("the server said nothing for %d s; stderr:\n%s"
                                 % (TIMEOUT, b"".join(self.stderr).decode(errors="replace"))) from None
        if "id" in message and "method" in message:  # a request from the server
            self.send({"id": message["id"], "result": None})
        elif "id" in message:
            self.responses[message["id"]] = message
        else:
            self.notes.append(message)

    # -- documents ---------------------------------------------------------------------------
    def open(self, uri: str, text: str, language: str = "markdown") -> list[dict]:
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language,
                                                              "version": 1, "text": text}})
        return self.diagnostics(uri, 1)

    def change(self, uri: str, version: int, text: str) -> list[dict]:
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                               "contentChanges": [{"text": text}]})
        return self.diagnostics(uri, version)

    def close(self, uri: str) -> list[dict]:
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        return self.diagnostics(uri)

    def hover(self, uri: str, line: int, character: int):
        return self.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                   "position": {"line": line, "character": character}})

    def actions(self, uri: str, diagnostics: list[dict], only: list[str] | None = None) -> list[dict]:
        context = {"diagnostics": diagnostics, **({"only": only} if only else {})}
        span = diagnostics[0]["range"] if diagnostics else {"start": {"line": 0, "character": 0},
                                                            "end": {"line": 0, "character": 0}}
        return self.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": span,
                                                        "context": context}) or []


CAPABILITIES = {
    "general": {"positionEncodings": ["utf-16"]},
    "workspace": {"workspaceEdit": {"documentChanges": True}},
    "textDocument": {
        "codeAction": {"resolveSupport": {"properties": ["edit"]}, "isPreferredSupport": True,
                       "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source"]}}},
        "hover": {"contentFormat": ["markdown", "plaintext"]},
        "publishDiagnostics": {"versionSupport": True},
        "synchronization": {"didSave": True},
    },
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("lsp")
    (root / ".plmsg.yaml").write_text("audience: families\n", encoding="utf-8")  # nothing from above
    (root / "broken").mkdir()
    (root / "broken" / ".plmsg.yaml").write_text("audience: aliens\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def server(folder):
    client = Client(folder)
    result = client.request("initialize", {"processId": os.getpid(), "rootUri": folder.as_uri(),
                                           "capabilities": CAPABILITIES})
    client.initialize_result = result
    client.notify("initialized", {})
    yield client
    if client.proc.poll() is None:
        client.proc.kill()
        client.proc.wait(5)


def uri_of(folder: Path, name: str) -> str:
    return (folder / name).as_uri()


def utf16_index(text: str, pos: dict) -> int:
    """Where an LSP position is in the UTF-16 encoding of the text, in code units."""
    before = "".join(text.split("\n")[:pos["line"]]) + "\n" * pos["line"]
    return len(before.encode("utf-16-le")) // 2 + pos["character"]


def utf16_slice(text: str, span: dict) -> str:
    """The text an LSP client highlights for a range."""
    data = text.encode("utf-16-le")
    return data[2 * utf16_index(text, span["start"]):2 * utf16_index(text, span["end"])].decode("utf-16-le")


def apply(text: str, edit: dict, uri: str) -> str:
    """Apply a WorkspaceEdit's text edits to the text, as a client would."""
    if edit.get("documentChanges"):
        (change,) = edit["documentChanges"]
        assert change["textDocument"]["uri"] == uri
        edits = change["edits"]
    else:
        edits = edit["changes"][uri]
    data = text.encode("utf-16-le")
    for e in sorted(edits, key=lambda e: utf16_index(text, e["range"]["start"]), reverse=True):
        a, z = (2 * utf16_index(text, e["range"][k]) for k in ("start", "end"))
        data = data[:a] + e["newText"].encode("utf-16-le") + data[z:]
    return data.decode("utf-16-le")


def test_initialize_announces_the_features(server):
    caps = server.initialize_result["capabilities"]
    assert server.initialize_result["serverInfo"]["name"] == "plmsg"
    assert caps["textDocumentSync"]["change"] == 1  # full text on every change
    assert caps["textDocumentSync"]["openClose"] is True
    assert caps["textDocumentSync"]["save"]
    assert caps["hoverProvider"]
    assert caps["codeActionProvider"]["resolveProvider"] is True
    assert "quickfix" in caps["codeActionProvider"]["codeActionKinds"]
    assert caps.get("positionEncoding", "utf-16") == "utf-16"


def test_open_publishes_a_diagnostic_over_the_flagged_words(server, folder):
    uri = uri_of(folder, "letter.md")
    (d,) = server.open(uri, "We will leverage new tools.\n")
    assert d["range"] == {"start": {"line": 0, "character": 8}, "end": {"line": 0, "character": 16}}
    assert (d["code"], d["source"], d["severity"]) == ("jargon", "plmsg", 2)
    assert d["message"].startswith("'leverage' is jargon")
    assert d["message"].endswith("Try 'use'. Or: build on")  # the option the message does not name
    assert d["data"]["suggestions"] == ["use", "build on"]


def test_a_change_that_removes_the_problem_clears_the_diagnostic(server, folder):
    uri = uri_of(folder, "letter.md")
    assert server.change(uri, 2, "We will use new tools.\n") == []
    (d,) = server.change(uri, 3, "Next we will leverage new tools.\n")
    assert d["range"]["start"] == {"line": 0, "character": 13}
    server.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    assert [d["code"] for d in server.diagnostics(uri, 3)] == ["jargon"]
    assert server.close(uri) == []


def test_positions_count_utf16_code_units(server, folder):
    uri = uri_of(folder, "emoji.md")
    text = "# Café news 🎉\n\nÉlodie 😀 says we will leverage new tools.\n"
    (d,) = server.open(uri, text)
    assert d["range"]["start"]["line"] == 2
    # "Élodie 😀 says we will " is 22 characters, 23 UTF-16 units (the emoji is two).
    assert d["range"]["start"]["character"] == 23
    assert utf16_slice(text, d["range"]) == "leverage"
    hover = server.hover(uri, 2, 24)
    assert "jargon" in hover["contents"]["value"]
    assert utf16_slice(text, hover["range"]) == "leverage"
    server.close(uri)


def test_a_safe_fix_is_the_preferred_quick_fix(server, folder):
    uri = uri_of(folder, "safe.md")
    text = "We will utilize new tools.\n"
    diags = server.open(uri, text)
    assert [d["code"] for d in diags] == ["jargon"]
    (action,) = server.actions(uri, diags, only=["quickfix"])
    assert action["title"] == "plmsg: replace 'utilize' with 'use'"
    assert action["kind"] == "quickfix" and action["isPreferred"] is True
    assert action["diagnostics"][0]["code"] == "jargon"
    assert apply(text, action["edit"], uri) == "We will use new tools.\n"
    server.close(uri)


def test_options_and_unsafe_rewrites_are_offered_but_not_preferred(server, folder):
    uri = uri_of(folder, "options.md")
    text = "This plan is foolproof. We will 😀 leverage new tools.\n"
    diags = server.open(uri, text)
    by_rule = {d["code"]: d for d in diags}
    (unsafe,) = server.actions(uri, [by_rule["oversell"]], only=["quickfix"])
    assert unsafe["title"] == "plmsg: replace 'foolproof' with 'carefully planned' (may change meaning)"
    assert not unsafe.get("isPreferred")
    assert apply(text, unsafe["edit"], uri).startswith("This plan is carefully planned.")
    options = server.actions(uri, [by_rule["jargon"]], only=["quickfix"])
    assert [a["title"] for a in options] == ["plmsg: replace 'leverage' with 'use'",
                                             "plmsg: replace 'leverage' with 'build on'"]
    assert not any(a.get("isPreferred") for a in options)
    fixed = apply(text, options[1]["edit"], uri)
    assert fixed == "This plan is foolproof. We will 😀 build on new tools.\n"
    server.close(uri)


def test_fix_all_applies_only_the_safe_rewrites(server, folder):
    uri = uri_of(folder, "all.md")
    text = "We will utilize laptops, then utilize tablets, and leverage this plan.\n"
    diags = server.open(uri, text)
    actions = server.actions(uri, diags)
    (fix_all,) = [a for a in actions if a["kind"] == "source.fixAll.plmsg"]
    assert "edit" not in fix_all  # filled in on resolve
    resolved = server.request("codeAction/resolve", fix_all)
    fixed = apply(text, resolved["edit"], uri)
    assert fixed == "We will use laptops, then use tablets, and leverage this plan.\n"
    server.close(uri)


def test_hover_explains_the_rule(server, folder):
    uri = uri_of(folder, "hover.md")
    server.open(uri, "We will leverage new tools.\n")
    hover = server.hover(uri, 0, 10)
    value = hover["contents"]["value"]
    assert hover["contents"]["kind"] == "markdown"
    assert "`jargon`" in value and "'leverage' is jargon" in value
    assert "Why it matters" in value and "Bad → better" in value
    assert hover["range"] == {"start": {"line": 0, "character": 8}, "end": {"line": 0, "character": 16}}
    assert server.hover(uri, 0, 2) is None
    server.close(uri)


def test_format_comes_from_the_file_name(server, folder):
    uri = uri_of(folder, "page.html")
    text = '<p class="leverage">We will <b>leverage</b> new tools.</p>\n'
    (d,) = server.open(uri, text, language="html")
    assert utf16_slice(text, d["range"]) == "leverage"
    assert d["range"]["start"]["character"] == text.index("<b>") + 3  # not the attribute
    server.close(uri)
    assert server.open(uri_of(folder, "script.py"), "leverage = 1\n", language="python") == []


def test_a_broken_config_is_a_message_not_a_crash(server, folder):
    uri = uri_of(folder / "broken", "letter.md")
    assert server.open(uri, "We will leverage new tools.\n") == []
    shown = server.wait("window/showMessage")
    assert shown["type"] == 1  # an error, naming the file, its line and the key
    assert "broken/.plmsg.yaml:1: audience:" in shown["message"].replace(os.sep, "/")
    assert len(server.open(uri_of(folder, "fine.md"), "We will leverage new tools.\n")) == 1


def test_offsets_and_positions_agree_for_every_line_ending():
    from lsprotocol.types import Position

    from plmsg.lsp import Positions

    text = "a\r\nb😀c\rd\n\u00e9e"
    for encoding, emoji_units in (("utf-16", 2), ("utf-8", 4), ("utf-32", 1)):
        pos = Positions(text, encoding)
        assert pos.position(text.index("c")).character == 1 + emoji_units
        assert [pos.position(text.index(ch)).line for ch in "abcde"] == [0, 1, 1, 2, 3]
        for offset in range(len(text) + 1):
            if text[offset - 1:offset + 1] != "\r\n":  # not inside a line break
                assert pos.offset(pos.position(offset)) == offset
    p = Positions(text)
    assert p.offset(Position(line=0, character=99)) == 1  # past the end of a line: its end
    assert p.offset(Position(line=9, character=0)) == len(text)


def test_shutdown_and_exit(server):
    assert server.request("shutdown") is None
    server.notify("exit")
    assert server.proc.wait(10) == 0
