"""Safe YAML that remembers where each value came from.

Config and rule files are data. This loader builds plain Python values from the YAML node
graph itself, so no tag can construct an object, an alias bomb is cut off, duplicate keys
are errors, and every value keeps its line for error messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple  # a key path into the document, e.g. ("examples", "bad", 2)

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_MAX_NODES = 200_000  # far beyond any real rule file; stops "billion laughs"


class ConfigError(Exception):
    """A problem in a config, rule or glossary file, located by file and line."""

    def __init__(self, path: str, message: str, line: int | None = None, key: str | None = None):
        self.path, self.line, self.key, self.detail = path, line, key, message
        where = f"{path}:{line}" if line else str(path)
        what = f"{key}: " if key else ""
        super().__init__(f"{where}: {what}{message}")


@dataclass
class Located:
    """A loaded document plus the line of every key path in it."""

    path: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, keypath: Path_) -> int | None:
        keypath = tuple(keypath)
        while keypath:
            if keypath in self.lines:
                return self.lines[keypath]
            keypath = keypath[:-1]
        return self.lines.get(())

    def error(self, keypath: Path_, message: str) -> ConfigError:
        key = ".".join(str(k) for k in keypath) if keypath else None
        return ConfigError(self.path, message, self.line(keypath), key)


# libyaml's parser when PyYAML has it (several times faster); the nodes and marks are the same.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _scalar(node: yaml.ScalarNode) -> Any:
    """A plain value (str, int, float, bool, null), as yaml.safe_load would build it."""
    if node.tag == "tag:yaml.org,2002:str":
        return node.value
    try:
        return _CONSTRUCTOR.construct_object(node)
    finally:
        _CONSTRUCTOR.constructed_objects.clear()


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        if _LOADER is yaml.SafeLoader:
            raise
    # Errors are rare: the pure-Python parser says where they are in more helpful terms
    # (the line a bracket or quote was opened on, not where the file ran out).
    return yaml.compose(text, Loader=yaml.SafeLoader)


def load_yaml(text: str, path: str, base: Path_ = (), line_offset: int = 0) -> Located:
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        problem = exc.problem or exc.context or "cannot parse"
        raise ConfigError(path, f"invalid YAML: {problem}", line) from None
    except yaml.YAMLError as exc:
        raise ConfigError(path, f"invalid YAML: {exc}") from None
    located = Located(path=path, data=None)
    if node is None:
        return located
    budget = [_MAX_NODES]
    located.data = _build(node, base, located, budget, line_offset)
    return located


def _build(node: yaml.Node, keypath: Path_, located: Located, budget: list[int], off: int) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise ConfigError(located.path, "YAML expands to too many values (alias bomb?)",
                          node.start_mark.line + 1 + off)
    located.lines.setdefault(keypath, node.start_mark.line + 1 + off)
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value  # a date in front matter stays the text it was written as
        if node.tag not in _SCALAR_TAGS:
            raise ConfigError(located.path, f"YAML tag {node.tag!r} is not allowed in plmsg files",
                              node.start_mark.line + 1 + off)
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != "tag:yaml.org,2002:seq":
            raise ConfigError(located.path, f"YAML tag {node.tag!r} is not allowed in plmsg files",
                              node.start_mark.line + 1 + off)
        return [_build(item, keypath + (i,), located, budget, off) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        if node.tag != "tag:yaml.org,2002:map":
            raise ConfigError(located.path, f"YAML tag {node.tag!r} is not allowed in plmsg files",
                              node.start_mark.line + 1 + off)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise ConfigError(located.path, "YAML merge keys (<<) are not supported",
                                  key_node.start_mark.line + 1 + off)
            key = _build(key_node, keypath + ("<key>",), located, budget, off)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise ConfigError(located.path, "mapping keys must be plain values",
                                  key_node.start_mark.line + 1 + off)
            if key in result:
                raise ConfigError(located.path, f"duplicate key {key!r}",
                                  key_node.start_mark.line + 1 + off, str(key))
            located.lines[keypath + (key,)] = key_node.start_mark.line + 1 + off
            result[key] = _build(value_node, keypath + (key,), located, budget, off)
        located.lines.pop(keypath + ("<key>",), None)
        return result
    raise ConfigError(located.path, "unsupported YAML node", node.start_mark.line + 1 + off)


def scalar_span(text: str, keypath: Path_) -> tuple[int, int] | None:
    """Source span of a top-level scalar's value, without quotes (for front matter titles)."""
    try:
        # The pure-Python parser: its marks count every character, a BOM included.
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    for key in keypath:
        if not isinstance(node, yaml.MappingNode):
            return None
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                node = v
                break
        else:
            return None
    if not isinstance(node, yaml.ScalarNode):
        return None
    start, end = node.start_mark.index, node.end_mark.index
    if node.style in ("'", '"'):
        start, end = start + 1, end - 1
    return start, end


def load_yaml_file(path) -> Located:
    """A YAML file read and loaded with the line of every key; a file that is missing or
    unreadable is a ConfigError naming it."""
    from pathlib import Path

    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(str(path), "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), f"cannot read file: {exc}") from None
    return load_yaml(text, str(path))
