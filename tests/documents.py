"""Builders for the Word documents, PDFs and e-mails the tests read: made in code, with
the same libraries plmsg reads them with (and the standard library), never by hand."""

from __future__ import annotations

import io
from email.message import EmailMessage

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject


def word(build) -> bytes:
    """A .docx made by `build(document)`."""
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def tracked(paragraph, inserted: str, deleted: str) -> None:
    """Append a tracked insertion and a tracked deletion to a paragraph."""
    paragraph._p.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="901" w:author="A" w:date="2026-01-01T00:00:00Z">'
        f'<w:r><w:t xml:space="preserve">{inserted}</w:t></w:r></w:ins>'))
    paragraph._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="902" w:author="A" w:date="2026-01-01T00:00:00Z">'
        f'<w:r><w:delText xml:space="preserve">{deleted}</w:delText></w:r></w:del>'))


def text_box(paragraph, text: str) -> None:
    """Append a run holding a text box, as Word writes it: the drawing, and a VML copy of
    the same box for older readers (which must not be read twice)."""
    box = (f'<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>')
    spaces = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
              'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
              'xmlns:v="urn:schemas-microsoft-com:vml"')
    paragraph._p.append(parse_xml(
        f'<w:r {nsdecls("w")} {spaces}><mc:AlternateContent>'
        f'<mc:Choice Requires="wps"><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:textbox>{box}</v:textbox></w:pict></mc:Fallback>'
        f'</mc:AlternateContent></w:r>'))


def pdf(pages: list[list[str]], password: str | None = None) -> bytes:
    """A PDF whose pages draw these lines of text in Helvetica (an empty page: no text)."""
    writer = PdfWriter()
    for lines in pages:
        page = writer.add_blank_page(612, 792)
        font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                                 NameObject("/BaseFont"): NameObject("/Helvetica")})
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})})
        ops = "BT /F1 12 Tf 14 TL 72 720 Td " + " ".join(f"({line}) Tj T*" for line in lines) + " ET"
        stream = DecodedStreamObject()
        stream.set_data(ops.encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def mail(subject: str, plain: str | None = None, html: str | None = None) -> bytes:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = "office@example.org"
    message["To"] = "families@example.org"
    if plain is not None:
        message.set_content(plain)
        if html is not None:
            message.add_alternative(html, subtype="html")
    elif html is not None:
        message.set_content(html, subtype="html")
    else:
        message.add_attachment(b"\x00\x01", maintype="application", subtype="octet-stream", filename="a.bin")
    return bytes(message)
