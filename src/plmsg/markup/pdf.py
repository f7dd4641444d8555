"""PDFs, read only: the text layer page by page, in the order the page draws it.

pypdf extracts each page's text (in the order of its content, which keeps a column's
lines together). A PDF has no paragraphs, only lines: a line much shorter than the page's
full lines ends a paragraph (the last line of one) or stands alone (a heading), and a
blank line is put after it, so paragraphs are read as in plain text. Pages are joined by
a blank line, and a finding is placed by page and line, counting only lines with text
(`Places`). A PDF without a text layer (a scan) or one that needs a password is an error
that says so.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import replace

from ..model import Draft, Places
from .blocks import MarkupError
from .text import read_text

_SPACES = re.compile(r"[ \t\u00a0]+$", re.M)


def read_pdf(path: str, data: bytes, max_mb: int) -> Draft:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings on odd files are not the writer's
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise MarkupError("is not a PDF (it does not start with %PDF)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _opens(reader):
            raise MarkupError("is password-protected; save or print it again without a password, or "
                              "copy its text into a .txt file")
        pages = [_page_text(page) for page in reader.pages]
    except MarkupError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on a broken file
        raise MarkupError(f"is not a readable PDF ({type(exc).__name__}: {exc})") from None
    if not any(p.strip() for p in pages):
        raise MarkupError("has no text layer (a scanned image?); run it through OCR, or export the "
                          "original document as PDF or Word again")
    starts, at = [], 0
    for text in pages:
        starts.append(at)
        at += len(text) + 2
    source = "\n\n".join(pages)
    if len(source) > max_mb * 2**20:
        raise MarkupError(f"holds {len(source) / 2**20:.1f} MB of text, over the {max_mb} MB limit for a "
                          "draft (raise max_draft_mb in the config)")
    draft = read_text(path, source)
    return replace(draft, format="pdf", places=Places("page", tuple(starts)))


def _opens(reader) -> bool:
    """A PDF with only an owner password (no copying or printing) opens with an empty one."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # noqa: BLE001 - an unsupported cipher is a password we cannot supply
        return False


def _page_text(page) -> str:
    text = page.extract_text() or ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\x00", "")
    return paragraphs(_SPACES.sub("", text).strip("\n"))


# A line shorter than this share of the page's full lines ends its paragraph.
SHORT = 0.75


def paragraphs(text: str) -> str:
    """The page's lines, with a blank line after each that ends a paragraph or heading."""
    lines = text.split("\n")
    lengths = sorted(len(l.strip()) for l in lines if l.strip())
    if len(lengths) < 3:
        return text
    full = lengths[int(len(lengths) * 0.9)]  # the page's full line: long lines, not the longest
    out = []
    for i, line in enumerate(lines):
        out.append(line)
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if line.strip() and following.strip() and len(line.strip()) < SHORT * full:
            out.append("")
    return "\n".join(out)
