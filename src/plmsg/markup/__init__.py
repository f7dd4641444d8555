"""Markup readers: turn a file's text into prose blocks that map back to exact offsets.

Each reader returns a `Draft`. Only prose reaches the rules: code, URLs, tags, attributes,
scripts, styles, comments and front matter keys never do.
"""

from __future__ import annotations

from pathlib import PurePath

from ..model import Draft, HtmlScope
from .blocks import HTML_SUFFIXES, MARKDOWN_SUFFIXES, SUFFIXES, TEXT_SUFFIXES, MarkupError
from .html import CONTENT, HIDDEN, SKIP, read_html
from .markdown import read_markdown
from .text import read_text

__all__ = ["CONTENT", "DOCUMENTS", "HIDDEN", "SKIP", "HTML_SUFFIXES", "MARKDOWN_SUFFIXES", "READS", "SUFFIXES", "TEXT_SUFFIXES", "MarkupError",
           "format_for", "read_draft", "unsupported"]

# Documents plmsg does not read, named so an error can say what to do instead.
DOCUMENTS = {
    ".docx": "a Word document", ".doc": "a Word document", ".odt": "an OpenDocument text",
    ".pages": "a Pages document", ".rtf": "a rich-text document", ".pdf": "a PDF",
    ".eml": "a saved e-mail", ".msg": "an Outlook message", ".pptx": "a PowerPoint file",
    ".xlsx": "an Excel workbook", ".gdoc": "a Google Docs link file",
}
READS = "Markdown (.md, .markdown), HTML (.html, .htm) and plain text (.txt)"


def unsupported(path: str) -> str | None:
    """Why a named file cannot be read as a draft, and what to do; None if it can be."""
    kind = DOCUMENTS.get(PurePath(path).suffix.lower())
    if kind is None:
        return None
    return (f"{path}: {kind} is not a draft plmsg can read; it reads {READS}. Save or export the text as "
            "one of those (Google Docs: File > Download > Plain text; Word or Pages: Save As or Export "
            "> Plain Text), or copy it into a .txt file")


def format_for(path: str) -> str:
    suffix = PurePath(path).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    return "text"


def read_draft(path: str, source: str, fmt: str | None = None, scope: HtmlScope | None = None) -> Draft:
    """The prose of a draft; `scope` says which parts of a web page are its own."""
    fmt = fmt or format_for(path)
    if fmt == "markdown":
        return read_markdown(path, source)
    if fmt == "html":
        return read_html(path, source, scope)
    return read_text(path, source)
