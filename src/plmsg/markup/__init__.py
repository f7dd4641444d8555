"""Markup readers: turn a file's text into prose blocks that map back to exact offsets.

Each reader returns a `Draft`. Only prose reaches the rules: code, URLs, tags, attributes,
scripts, styles, comments and front matter keys never do.
"""

from __future__ import annotations

from pathlib import PurePath

from ..model import Draft
from .blocks import HTML_SUFFIXES, MARKDOWN_SUFFIXES, SUFFIXES, TEXT_SUFFIXES, MarkupError
from .html import read_html
from .markdown import read_markdown
from .text import read_text

__all__ = ["HTML_SUFFIXES", "MARKDOWN_SUFFIXES", "SUFFIXES", "TEXT_SUFFIXES", "MarkupError", "format_for",
           "read_draft"]

def format_for(path: str) -> str:
    suffix = PurePath(path).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    return "text"


def read_draft(path: str, source: str, fmt: str | None = None) -> Draft:
    fmt = fmt or format_for(path)
    if fmt == "markdown":
        return read_markdown(path, source)
    if fmt == "html":
        return read_html(path, source)
    return read_text(path, source)
