"""Configuration: found upward from the working directory, merged once, validated strictly.

Order of precedence (later wins): built-in defaults → the project file (`.plmsg.yaml`, or
`[tool.plmsg]` in pyproject.toml) → command-line flags. A file's audience is decided per
file; see `audience_for`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Mapping

from .files import CEILING_MB
from .model import AUDIENCES, HtmlScope, Severity
from .schema import Field, v_bool, v_choice, v_severity_map, v_str, v_str_list, validate_fields
from .yamlio import ConfigError, Located, load_yaml

CONFIG_NAMES = (".plmsg.yaml", ".plmsg.yml")
DEFAULT_AUDIENCE = "families"


@dataclass(frozen=True)
class Override:
    files: tuple[str, ...]
    audience: str | None = None
    ignore: tuple[str, ...] = ()
    html: HtmlScope | None = None


@dataclass(frozen=True)
class Settings:
    audience: str | None = None  # None: decided per file (front matter, overrides, default)
    preferred_term: str | None = None  # None: any one name is fine; mixing names is flagged
    select: tuple[str, ...] = ("all",)
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    rule_paths: tuple[Path, ...] = ()
    glossary: tuple[Path, ...] = ()
    english: tuple[Path, ...] = ()  # English word files added to plmsg's own (english.yaml)
    exclude: tuple[str, ...] = ()
    overrides: tuple[Override, ...] = ()
    cache_dir: Path | None = None
    max_draft_mb: int = 10  # files.MAX_DRAFT_MB
    html: HtmlScope = field(default_factory=HtmlScope)  # a web page's own prose (config `html:`)
    record: bool = False  # add each check's site summary to the history (plmsg trend)
    web: Mapping[str, Any] = field(default_factory=dict)  # live pages: contact, interval, in_flight, timeout
    config_path: Path | None = None
    root: Path = field(default_factory=Path.cwd)  # where relative globs are anchored
    located: Located | None = field(default=None, compare=False, repr=False)

    def audience_for(self, path: str, front_matter: Mapping[str, Any] | None = None,
                     cli_audience: str | None = None) -> str:
        """Front matter (the file says what it is) → --audience → config overrides by glob →
        config `audience` → families."""
        plmsg = (front_matter or {}).get("plmsg")
        if isinstance(plmsg, dict) and plmsg.get("audience") in AUDIENCES:
            return plmsg["audience"]
        if cli_audience:
            return cli_audience
        for override in reversed(self.overrides):
            if override.audience and self.matches(path, override.files):
                return override.audience
        return self.audience or DEFAULT_AUDIENCE

    def ignored_for(self, path: str) -> tuple[str, ...]:
        extra: tuple[str, ...] = ()
        for override in self.overrides:
            if override.ignore and self.matches(path, override.files):
                extra += override.ignore
        return extra

    def html_for(self, path: str) -> HtmlScope:
        """Config `html:`, then each override whose globs match, each key the later's."""
        scope = self.html
        for override in self.overrides:
            if override.html is not None and self.matches(path, override.files):
                scope = scope.merged(override.html)
        return scope

    def matches(self, path: str, globs: tuple[str, ...]) -> bool:
        rel = _relative(path, self.root)
        return any(glob_match(rel, g) for g in globs)

    def cache_folder(self) -> Path:
        """$PLMSG_CACHE_DIR, else config `cache_dir`, else .plmsg_cache beside the config."""
        import os

        env = os.environ.get("PLMSG_CACHE_DIR")
        return Path(env) if env else (self.cache_dir or self.root / ".plmsg_cache")

    def excluded(self, path: str) -> bool:
        return bool(self.exclude) and self.matches(path, self.exclude)


def _relative(path: str, root: Path) -> str:
    p = Path(path)
    try:
        p = p.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        pass
    return PurePosixPath(*p.parts).as_posix() if p.parts else str(path)


def glob_match(path: str, pattern: str) -> bool:
    """Globs with ``**`` for any number of folders; a pattern naming a folder covers it."""
    regex = _glob_regex(pattern.rstrip("/"))
    parts = path.split("/")
    return any(regex.fullmatch("/".join(parts[:i])) for i in range(len(parts), 0, -1))


def _glob_regex(pattern: str) -> re.Pattern:
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


# -- loading -------------------------------------------------------------------------------
def _v_audience(value, path, loc):
    return v_choice(*AUDIENCES)(value, path, loc)


def _v_size(value, path, loc):
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= CEILING_MB:
        raise loc.error(path, f"expected a whole number of megabytes from 1 to {CEILING_MB}")
    return value


def _v_ids(value, path, loc):
    return v_str_list(value, path, loc)


def _v_options(value, path, loc):
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise loc.error(path, "expected a mapping of rule: {option: value}")
    return value  # checked against each rule's fields once the rules are loaded


def _v_selectors(value, path, loc):
    """CSS selectors: one string (a selector list) or a list of them, each one valid."""
    import soupsieve  # only for a config that names selectors

    items = (value,) if isinstance(value, str) else v_str_list(value, path, loc)
    for i, selector in enumerate(items):
        where = path if isinstance(value, str) else path + (i,)
        if not selector.strip():
            raise loc.error(where, "expected a CSS selector, got an empty string")
        try:
            soupsieve.compile(selector)
        except soupsieve.SelectorSyntaxError as exc:
            raise loc.error(where, f"invalid CSS selector {selector!r}: {str(exc).splitlines()[0]}") from None
    return tuple(items)


def _v_html(value, path, loc):
    if not isinstance(value, dict):
        raise loc.error(path, "expected a mapping with content: and/or skip: (CSS selectors)")
    data = validate_fields({"content": Field(_v_selectors), "skip": Field(_v_selectors)}, value, path, loc,
                           "html")
    return HtmlScope(content=data["content"], skip=data["skip"])


def _v_web(value, path, loc):
    """How plmsg fetches live pages: who to contact, and how gently."""
    if not isinstance(value, dict):
        raise loc.error(path, "expected a mapping with contact:, interval:, in_flight: and/or timeout:")

    def positive(kind):
        def check(v, p, l):
            if isinstance(v, bool) or not isinstance(v, kind) or v <= 0 or v > 600:
                raise l.error(p, f"expected a {'whole ' if kind is int else ''}number above 0 (at most 600)")
            return v
        return check

    def contact(v, p, l):
        v = v_str(v, p, l)
        if any(c in v for c in "()\r\n"):
            raise l.error(p, "expected an e-mail address or URL, without brackets or line breaks")
        return v

    fields = {"contact": Field(contact), "interval": Field(positive((int, float))), "in_flight": Field(positive(int)),
              "timeout": Field(positive((int, float)))}
    data = validate_fields(fields, value, path, loc, "web")
    return {k: v for k, v in data.items() if v is not None}


def _v_overrides(value, path, loc):
    if not isinstance(value, list):
        raise loc.error(path, "expected a list of {files: [...], audience: ...}")
    out = []
    fields = {"files": Field(v_str_list, required=True), "audience": Field(_v_audience),
              "ignore": Field(_v_ids, default=()), "html": Field(_v_html)}
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise loc.error(path + (i,), "expected a mapping with files: and audience:")
        data = validate_fields(fields, item, path + (i,), loc, "an override")
        out.append(Override(files=data["files"], audience=data["audience"], ignore=data["ignore"],
                            html=data["html"]))
    return tuple(out)


FIELDS = {
    "audience": Field(_v_audience),
    "preferred_term": Field(v_str, None),
    "select": Field(_v_ids, ("all",)),
    "ignore": Field(_v_ids, ()),
    "severity": Field(v_severity_map, {}),
    "options": Field(_v_options, {}),
    "rule_paths": Field(v_str_list, ()),
    "glossary": Field(v_str_list, ()),
    "english": Field(v_str_list, ()),
    "exclude": Field(v_str_list, ()),
    "overrides": Field(_v_overrides, ()),
    "cache_dir": Field(v_str, None),
    "max_draft_mb": Field(_v_size, 10),
    "html": Field(_v_html, None),
    "record": Field(v_bool, False),
    "web": Field(_v_web, None),
}


def find_config(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
    return None


def _has_tool_section(path: Path) -> bool:
    try:
        return "tool" in (data := tomllib.loads(path.read_text(encoding="utf-8"))) and \
            "plmsg" in data["tool"]
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def load_settings(config: Path | None = None, cwd: Path | None = None) -> Settings:
    cwd = cwd or Path.cwd()
    path = config or find_config(cwd)
    if path is None:
        return Settings(root=cwd)
    located = _read_config(path)
    data = located.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise located.error((), "the configuration must be a mapping of keys to values")
    values = validate_fields(FIELDS, data, (), located, "plmsg configuration")
    base = path.parent
    _check_paths_exist(values, base, located)
    return Settings(
        audience=values["audience"],
        preferred_term=" ".join(values["preferred_term"].split()) if values["preferred_term"] else None,
        select=values["select"],
        ignore=values["ignore"],
        severity=values["severity"],
        options=values["options"],
        rule_paths=tuple((base / p) for p in values["rule_paths"]),
        glossary=tuple((base / p) for p in values["glossary"]),
        english=tuple((base / p) for p in values["english"]),
        exclude=values["exclude"],
        overrides=values["overrides"],
        cache_dir=(base / values["cache_dir"]) if values["cache_dir"] else None,
        max_draft_mb=values["max_draft_mb"],
        html=values["html"] or HtmlScope(),
        record=values["record"],
        web=values["web"] or {},
        config_path=path,
        root=base,
        located=located,
    )


def _check_paths_exist(values: Mapping[str, Any], base: Path, located: Located) -> None:
    """A rule folder or glossary that is not there is an error here, where the file, line
    and key that name it are known."""
    for key, what, ok in (("rule_paths", "rule file or folder", Path.exists),
                          ("glossary", "glossary file", Path.is_file),
                          ("english", "English word file", Path.is_file)):
        for i, p in enumerate(values[key]):
            if not ok(base / p):
                raise located.error((key, i), f"{what} not found: {p} (paths are relative to "
                                    f"the config file's folder, {base})")


def _read_config(path: Path) -> Located:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(str(path), "config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), f"cannot read config file: {exc}") from None
    if path.name == "pyproject.toml":
        return _read_pyproject(path, text)
    return load_yaml(text, str(path))


def _read_pyproject(path: Path, text: str) -> Located:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ConfigError(str(path), f"invalid TOML: {exc}", int(m.group(1)) if m else None) from None
    section = data.get("tool", {}).get("plmsg")
    if section is None:
        raise ConfigError(str(path), "no [tool.plmsg] section")
    located = Located(path=str(path), data=section)
    # TOML gives no positions: point at the section, and at a key where it is written.
    lines = text.splitlines()
    header = next((i + 1 for i, l in enumerate(lines) if l.strip().startswith("[tool.plmsg")), None)
    located.lines[()] = header or 1
    for key in section if isinstance(section, dict) else ():
        for i, l in enumerate(lines[(header or 1) - 1 :], start=header or 1):
            if re.match(rf"\s*{re.escape(str(key))}\s*=", l) or l.strip().startswith(f"[tool.plmsg.{key}"):
                located.lines[(key,)] = i
                break
    return located
