"""The package's structure holds: no import circle, imports at the top of each module, the
layers of docs/architecture.md, and no state shared between Linters."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "src" / "plmsg"
# Entry points may import plmsg's own modules where a command needs them, so that
# `plmsg --version` or a fully cached run does not load what it never uses.
LAZY_ALLOWED = {
    "plmsg.cli": "an entry point: each command imports what it needs",
    "plmsg.lsp": "an entry point: the language server loads its parts as the editor asks",
    "plmsg.__main__": "an entry point",
}


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        out[name.removesuffix(".__init__")] = path
    return out


def _imports(name: str, path: Path, modules: dict[str, Path]):
    """(imported plmsg module, where: "top", "function" or "type-checking", line)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            targets = [f"{target}.{a.name}" if f"{target}.{a.name}" in modules else target for a in node.names]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            continue
        where, up = "top", node
        while up in parents:
            up = parents[up]
            if isinstance(up, (ast.FunctionDef, ast.AsyncFunctionDef)):
                where = "function"
                break
            if isinstance(up, ast.If) and "TYPE_CHECKING" in ast.unparse(up.test):
                where = "type-checking"
                break
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target.startswith("plmsg") and target != name:
                yield target, where, node.lineno


def test_no_plmsg_module_imports_another_inside_a_function():
    modules = _modules()
    lazy = [f"{name}:{line} imports {target} ({where})" for name, path in modules.items()
            if name not in LAZY_ALLOWED for target, where, line in _imports(name, path, modules)
            if where != "top"]
    assert not lazy, "import these at the top of the module:\n" + "\n".join(lazy)


def test_no_import_circle_counting_every_import():
    modules = _modules()
    graph = {name: {t for t, _, _ in _imports(name, path, modules)} for name, path in modules.items()}
    assert len(graph) > 40 and sum(map(len, graph.values())) > 150  # the scan sees the package
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node, path):
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                raise AssertionError("import circle: " + " -> ".join(path[path.index(nxt):] + [nxt]))
            if nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])


def test_the_layers_contract_holds():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    if lint is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    out = subprocess.run([lint, "--config", str(ROOT / "pyproject.toml")], capture_output=True, text=True,
                         cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "2 kept, 0 broken" in out.stdout


def test_two_linters_keep_their_words_and_data_apart(tmp_path, nlp):
    """Each Linter has its own word knowledge and saves it beside its own cache, whichever
    was built last (the language server keeps one per config; tests build several)."""
    from plmsg.cache import Cache
    from plmsg.linter import Linter
    from plmsg.settings import Settings

    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "zorp.yaml").write_text(
        "id: no-zorping\nkind: existence\nseverity: warning\nmessage: m\nsummary: s\nexplain: e\n"
        "tokens: [zorp the grommets]\nexamples: {bad: [{text: We zorp the grommets., better: We fix them.}], "
        "good: [We fix them.]}\n", encoding="utf-8")
    first = Linter(Settings(rule_paths=(rules,)), nlp=nlp, cache=Cache(tmp_path / "a"), compile_rules=False)
    second = Linter(Settings(), nlp=nlp, cache=Cache(tmp_path / "b"), compile_rules=False)
    first.compile()
    assert [p.name.startswith("words-") for p in (tmp_path / "a" / "data").glob("*.json")] == [True]
    assert not (tmp_path / "b" / "data").exists()
    assert first.store.folder != second.store.folder
    # and each knows the words of its own rules only
    second.compile()
    assert "\tzorp the grommets" in first.lexicon.snapshot()["forms"]
    assert "\tzorp the grommets" not in second.lexicon.snapshot()["forms"]
