"""Markup readers: turn a file's text into prose blocks that map back to exact offsets.

Each reader returns a `Draft`. Only prose reaches the rules: code, URLs, tags, attributes,
scripts, styles, comments and front matter keys never do.
"""

from __future__ import annotations

from pathlib import PurePath

from ..model import Draft, HtmlScope
from .blocks import (DOCUMENT_SUFFIXES, HTML_SUFFIXES, MARKDOWN_SUFFIXES, SUFFIXES, TEXT_FORMATS, TEXT_SUFFIXES,
                     MarkupError)
from .html import CONTENT, HIDDEN, SKIP, read_html
from .mail import read_mail
from .markdown import read_markdown
from .pdf import read_pdf
from .text import read_text
from .word import read_word

__all__ = ["CONTENT", "DOCUMENTS", "DOCUMENT_SUFFIXES", "HIDDEN", "HTML_SUFFIXES", "MARKDOWN_SUFFIXES", "READS",
           "SKIP", "SUFFIXES", "TEXT_FORMATS", "TEXT_SUFFIXES", "MarkupError", "format_for", "read_document",
           "read_draft", "unsupported"]

# Documents plmsg does not read, named so an error can say what to do instead.
DOCUMENTS = {
    ".doc": ("an old Word 97-2003 document", "open it in Word and save it as .docx"),
    ".odt": ("an OpenDocument text", "save it as .docx (File > Save As > Word)"),
    ".pages": ("a Pages document", "export it to Word (File > Export To > Word)"),
    ".rtf": ("a rich-text document", "save it as .docx"),
    ".msg": ("an Outlook message", "save it as text or HTML (File > Save As), or drag it out of a mail "
                                   "program that saves .eml"),
    ".pptx": ("a PowerPoint file", "copy its text into a .docx or .txt file"),
    ".xlsx": ("an Excel workbook", "copy its text into a .docx or .txt file"),
    ".gdoc": ("a Google Docs link file", "open it, then File > Download > Microsoft Word (.docx)"),
}
READS = ("Markdown (.md, .markdown), HTML (.html, .htm), plain text (.txt), Word (.docx), PDF (.pdf) "
         "and saved e-mail (.eml)")
_READERS = {".docx": read_word, ".pdf": read_pdf, ".eml": read_mail}


def unsupported(path: str) -> str | None:
    """Why a named file cannot be read as a draft, and what to do; None if it can be."""
    found = DOCUMENTS.get(PurePath(path).suffix.lower())
    if found is None:
        return None
    kind, advice = found
    return f"{path}: {kind} is not a draft plmsg can read ({advice}); it reads {READS}"


def read_document(path: str, data: bytes, max_mb: int) -> Draft | None:
    """The draft of a Word document, PDF or e-mail from its bytes; None for a text format."""
    reader = _READERS.get(PurePath(path).suffix.lower())
    return reader(path, data, max_mb) if reader else None


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
