"""Word documents (.docx): the text a writer sees, one paragraph per line, and edits and
comments written back onto the runs that hold it.

The text is taken from the document body in reading order: paragraphs, headings, list
items, table cells (nested tables too) and text boxes. Tracked changes read as the
document now stands (insertions in, deletions out); comments, field codes, headers and
footers are not prose. Each paragraph with text is one line of the extracted text, so a
finding's line is its paragraph's number and its column the offset within the
paragraph. The document's title, when its properties hold one, is line 1.

python-docx opens the package; the paragraphs are read from its XML directly, because
the text inside tracked insertions, hyperlinks and content controls is not in its `runs`.
"""

from __future__ import annotations

import io
import re
import zipfile
from copy import deepcopy
from dataclasses import dataclass

from ..model import Block, Draft, OffsetMap, Places
from .blocks import MarkupError

# python-docx (and lxml under it) is imported when a Word document is read, not with
# plmsg: a run without one does not pay for it.

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted Office file, or a Word 97-2003 .doc
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# The XML a document may expand to, per megabyte it is allowed on disk: a zip whose body
# inflates past this is refused before it is parsed (a "zip bomb").
XML_PER_MB = 5


@dataclass
class Piece:
    """A stretch of one paragraph's text and the XML that holds it: the text of a `w:t`
    (editable), or a character that stands for a tab or a break (not)."""

    start: int
    length: int
    node: object  # the w:t, w:tab, w:br ... element
    run: object  # its w:r


@dataclass
class Para:
    element: object
    text: str
    pieces: list[Piece]
    kind: str
    level: int


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def open_word(data: bytes, name: str, max_mb: int):
    """The python-docx Document, or a MarkupError that says in a few words what is wrong."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if data.startswith(_OLE):
        raise MarkupError("is password-protected or an old Word 97-2003 file; open it in Word and save "
                          "it as a .docx without a password")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            try:
                info = z.getinfo("word/document.xml")
            except KeyError:
                raise MarkupError("is not a Word document: it has no word/document.xml") from None
            if info.file_size > max_mb * XML_PER_MB * 2**20:
                raise MarkupError(f"expands to {info.file_size / 2**20:.0f} MB of document XML, over the "
                                  f"limit for a {max_mb} MB draft (raise max_draft_mb in the config)")
    except zipfile.BadZipFile:
        raise MarkupError("is not a valid .docx file (it is not a zip archive); open it in Word and save "
                          "it again as a .docx") from None
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise MarkupError(f"is not a readable Word document ({exc})") from None
    except Exception as exc:  # noqa: BLE001 - lxml and python-docx raise many kinds on broken XML
        raise MarkupError(f"is not a readable Word document: {type(exc).__name__}: {exc}") from None


def paragraphs(document) -> list[Para]:
    """Every paragraph of the body with text, in reading order."""
    body = document.element.body
    styles = _style_names(document)
    out = []
    for p in body.iter(_w("p")):
        if _under(p, f"{{{_MC}}}Fallback", body) or _under(p, _w("del"), body):
            continue  # a text box's copy for older readers; a deleted paragraph
        text, pieces = _text(p)
        if not text.strip():
            continue
        kind, level = _kind(p, styles, body)
        out.append(Para(p, text, pieces, kind, level))
    return out


def _under(el, tag: str, stop) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _owner(el, stop):
    """The paragraph a run belongs to (a text box's paragraphs have their own runs)."""
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == _w("p"):
            return parent
        parent = parent.getparent()
    return None


def _text(p) -> tuple[str, list[Piece]]:
    parts: list[str] = []
    pieces: list[Piece] = []
    at = 0
    for r in p.iter(_w("r")):
        if _owner(r, p.getparent()) is not p:
            continue
        if _under(r, _w("del"), p) or _under(r, _w("moveFrom"), p) or _under(r, f"{{{_MC}}}Fallback", p):
            continue
        for child in r:
            tag = child.tag
            if tag == _w("t"):
                s = child.text or ""
            elif tag in (_w("tab"), _w("ptab")):
                s = "\t"
            elif tag in (_w("br"), _w("cr")):
                s = " "
            elif tag == _w("noBreakHyphen"):
                s = "-"
            else:
                continue  # instrText (field codes), delText, drawings, comment marks
            s = s.replace("\n", " ").replace("\r", " ")
            if s:
                parts.append(s)
                pieces.append(Piece(at, len(s), child, r))
                at += len(s)
    return "".join(parts), pieces


def _style_names(document) -> dict[str, str]:
    names = {}
    try:
        for style in document.styles:
            names[style.style_id] = style.name or ""
    except Exception:  # noqa: BLE001 - a broken styles part: read every paragraph as prose
        pass
    return names


_HEADING = re.compile(r"heading\s*([1-9])", re.I)


def _kind(p, styles: dict[str, str], body) -> tuple[str, int]:
    ppr = p.find(_w("pPr"))
    style = ""
    outline = None
    numbered = False
    if ppr is not None:
        ps = ppr.find(_w("pStyle"))
        if ps is not None:
            sid = ps.get(_w("val")) or ""
            style = styles.get(sid, sid)
        lvl = ppr.find(_w("outlineLvl"))
        if lvl is not None and (lvl.get(_w("val")) or "").isdigit():
            outline = int(lvl.get(_w("val")))
        numbered = ppr.find(_w("numPr")) is not None
    low = style.lower()
    if low in ("title", "subtitle"):
        return "title", 1
    m = _HEADING.fullmatch(low.strip())
    if m:
        return "heading", int(m.group(1))
    if outline is not None and outline < 9:
        return "heading", outline + 1
    if _under(p, _w("tc"), body):
        return "table_cell", 0
    if numbered or low.startswith("list"):
        return "list_item", 0
    if low in ("quote", "intense quote"):
        return "quote", 0
    return "paragraph", 0


# -- reading ------------------------------------------------------------------------------
@dataclass
class Extracted:
    """A document's text as plmsg reads it, and where each paragraph of it lives."""

    title: str  # the title from the document's properties ("" when none, or when it opens the body)
    paras: list[Para]

    @property
    def first(self) -> int:
        return 1 if self.title else 0

    def lines(self) -> list[str]:
        return ([self.title] if self.title else []) + [p.text for p in self.paras]

    def source(self) -> str:
        lines = self.lines()
        return "\n".join(lines) + ("\n" if lines else "")

    def kinds(self) -> tuple[tuple[str, int], ...]:
        return tuple(([("title", 1)] if self.title else []) + [(p.kind, p.level) for p in self.paras])

    def draft(self, path: str) -> Draft:
        return word_draft(path, self.source(), self.kinds(), self.first)

    def place(self, offset: int) -> tuple[Para, int] | None:
        """The paragraph holding `offset` of the source, and the offset within it."""
        at = len(self.title) + 1 if self.title else 0
        if offset < at:
            return None  # the title lives in the document's properties
        for p in self.paras:  # a linear walk: a few calls per finding, on one document
            if offset <= at + len(p.text):
                return p, offset - at
            at += len(p.text) + 1
        return None


def extract(document) -> Extracted:
    paras = paragraphs(document)
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    title = ""
    try:  # python-docx makes up "Word Document" for a package without properties: only a real one
        document.part.package.part_related_by(RT.CORE_PROPERTIES)
        title = " ".join((document.core_properties.title or "").split())
    except Exception:  # noqa: BLE001 - no properties part, or a broken one: no title
        pass
    if title and paras and " ".join(paras[0].text.split()) == title:
        title = ""  # the title is the first paragraph too: read it once
    return Extracted(title, paras)


def read_word(path: str, data: bytes, max_mb: int) -> Draft:
    """The prose of a Word document (see the module's docstring)."""
    found = extract(open_word(data, path, max_mb))
    draft = found.draft(path)
    if len(draft.source) > max_mb * 2**20:
        raise MarkupError(f"holds {len(draft.source) / 2**20:.1f} MB of text, over the {max_mb} MB limit for "
                          "a draft (raise max_draft_mb in the config)")
    return draft


def word_draft(path: str, source: str, kinds: tuple[tuple[str, int], ...], first: int) -> Draft:
    """The draft of extracted text: one block per line, of the kind its paragraph was.
    The `first` lines (the title) come before paragraph 1."""
    blocks = []
    starts = []
    at = 0
    for i, line in enumerate(source.split("\n")[:len(kinds)]):
        if i >= first:
            starts.append(at)
        kind, level = kinds[i]
        lead = len(line) - len(line.lstrip())
        text = line.strip()
        if text:
            offsets = OffsetMap()
            offsets.add_verbatim(at + lead, len(text))
            blocks.append(Block(kind=kind, text=text, offsets=offsets, level=level))
        at += len(line) + 1
    return Draft(path=path, source=source, format="docx", blocks=tuple(blocks),
                 places=Places("paragraph", tuple(starts)))


# -- writing back -------------------------------------------------------------------------
def save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _touched(para: Para, start: int, end: int) -> list[Piece]:
    return [p for p in para.pieces if p.start < end and start < p.start + p.length]


def edit_refusal(para: Para, start: int, end: int, replacement: str) -> str | None:
    """Why an edit of [start, end) of the paragraph cannot be made on its runs, or None."""
    if "\n" in replacement:
        return "the rewrite would break the paragraph"
    touched = _touched(para, start, end) if end > start else _touched(para, start - 1, start)
    if not touched:
        return "it lies outside the paragraph's text"
    if any(p.node.tag != _w("t") for p in touched):
        return "it spans a tab or line break"
    if any(_under(p.run, _w("ins"), para.element) or _under(p.run, _w("moveTo"), para.element) for p in touched):
        return "it touches a tracked change"
    if len({_format(p.run) for p in touched}) > 1:
        return "it spans runs with different formatting"
    if len({p.run.getparent() for p in touched}) > 1:
        return "it spans the edge of a link or field"
    return None


def _format(r) -> bytes:
    from lxml import etree

    rpr = r.find(_w("rPr"))
    return etree.tostring(rpr) if rpr is not None else b""


def apply_edit(para: Para, start: int, end: int, replacement: str) -> None:
    """Replace [start, end) of the paragraph's text (`edit_refusal` said it may): the
    rewrite goes into the first run, in its formatting; the rest of the span is removed."""
    touched = _touched(para, start, end) if end > start else _touched(para, start - 1, start)
    for k, piece in enumerate(touched):
        text = piece.node.text or ""
        lo = max(start, piece.start) - piece.start
        hi = min(end, piece.start + piece.length) - piece.start
        _set_text(piece.node, text[:lo] + (replacement if k == 0 else "") + text[hi:])
    para.text, para.pieces = _text(para.element)


def _set_text(t, text: str) -> None:
    t.text = text
    if text != text.strip():
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def split_at(para: Para, offset: int) -> None:
    """Make `offset` of the paragraph fall between runs, splitting the run that holds it."""
    for piece in para.pieces:
        if piece.start < offset < piece.start + piece.length and piece.node.tag == _w("t"):
            r, t = piece.run, piece.node
            text = t.text or ""
            cut = offset - piece.start
            twin = deepcopy(r)
            kids, twin_kids = list(r), list(twin)
            i = kids.index(t)
            for child in kids[i + 1:]:  # the run keeps what comes before the cut
                r.remove(child)
            for child in twin_kids[:i]:  # its twin, after it, the rest (and the formatting)
                if child.tag != _w("rPr"):
                    twin.remove(child)
            _set_text(t, text[:cut])
            _set_text(twin_kids[i], text[cut:])
            r.addnext(twin)
            para.text, para.pieces = _text(para.element)
            return


def comment_on(document, first: tuple[Para, int], last: tuple[Para, int], text: str) -> None:
    """A Word comment anchored on exactly the words from `first` to `last` (each a
    paragraph and an offset within it), splitting runs at both ends when needed."""
    from docx.text.run import Run

    (p1, start), (p2, end) = first, last
    split_at(p1, start)
    split_at(p2, end)
    runs1 = [x.run for x in p1.pieces if x.start + x.length > start]
    runs2 = [x.run for x in p2.pieces if x.start < end]
    if not runs1 or not runs2:
        runs1 = runs2 = [x.run for x in (p1.pieces or p2.pieces)]
    document.add_comment([Run(runs1[0], None), Run(runs2[-1], None)], text=text, author="plmsg", initials="PL")
