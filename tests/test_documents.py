"""Drafts as staff write them: Word documents, PDFs and saved e-mail."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
import xml.etree.ElementTree as ET

import docx
import pytest

from documents import mail, pdf, text_box, tracked, word
from plmsg.markup import read_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def letter(document) -> None:
    document.core_properties.title = "Learning plans this fall"
    document.add_heading("What changes for students", 1)
    p = document.add_paragraph("This fall we will ")
    bold = p.add_run("utilize")
    bold.bold = True
    p.add_run(" each student's goals to plan the week.")
    document.add_comment(p.runs[0], text="Ask the principal first", author="Reviewer")
    document.add_paragraph("Students meet their teacher every Friday.", style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "When"
    table.cell(0, 1).text = "Every week"
    changed = document.add_paragraph("Families can ")
    tracked(changed, inserted="reply to this letter", deleted="call the office")
    document.add_paragraph("")  # an empty paragraph is no paragraph to a reader
    document.add_paragraph("Write to us with any questions.")


def test_a_word_document_is_read_as_its_writer_sees_it():
    draft = read_document("letter.docx", word(letter), 10)
    assert draft.source.splitlines() == [
        "Learning plans this fall", "What changes for students",
        "This fall we will utilize each student's goals to plan the week.",
        "Students meet their teacher every Friday.", "When", "Every week",
        "Families can reply to this letter", "Write to us with any questions."]
    assert [b.kind for b in draft.blocks] == ["title", "heading", "paragraph", "list_item", "table_cell",
                                              "table_cell", "paragraph", "paragraph"]
    assert "Ask the principal" not in draft.source and "call the office" not in draft.source
    for b in draft.blocks:
        start, end = b.source_span(0, len(b.text))
        assert draft.source[start:end] == b.text


def test_a_document_without_properties_has_no_made_up_title():
    original = zipfile.ZipFile(io.BytesIO(word(letter)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "docProps/core.xml":
                continue
            if item.filename == "_rels/.rels":
                data = re.sub(rb"<Relationship [^>]*core-properties[^>]*/>", b"", data)
            z.writestr(item, data)
    draft = read_document("bare.docx", out.getvalue(), 10)
    assert draft.source.splitlines()[0] == "What changes for students"
    assert draft.blocks[0].kind == "heading"


def test_a_text_box_is_read_once_after_the_paragraph_that_holds_it():
    def boxed(document):
        p = document.add_paragraph("Our plan for the year.")
        text_box(p, "Sign up for conferences by Friday.")
        document.add_paragraph("Thank you.")
    draft = read_document("box.docx", word(boxed), 10)
    assert draft.source.splitlines() == ["Our plan for the year.", "Sign up for conferences by Friday.", "Thank you."]


def test_findings_in_a_word_document_name_the_paragraph(cli, tmp_path):
    path = tmp_path / "letter.docx"
    path.write_bytes(word(letter))
    out = json.loads(cli("check", str(path), "--format", "json", "--select", "jargon").stdout)
    (found,) = out["files"][0]["diagnostics"]
    assert (found["text"], found["paragraph"], found["column"]) == ("utilize", 2, 19)
    text = cli("check", str(path), "--format", "text", "--select", "jargon").stdout
    assert "¶2:19" in text and "This fall we will utilize" in text


def fixable(document) -> None:
    p = document.add_paragraph("We will ")
    p.add_run("utilize").italic = True
    p.add_run(" the data. Teachers will ")
    p.add_run("util").bold = True
    p.add_run("ize")
    p.add_run(" time well.")


def test_fix_rewrites_inside_a_run_and_skips_across_formatting(cli, tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(word(fixable))
    result = cli("check", str(path), "--fix", "--select", "jargon", "--format", "concise")
    assert "skipped 1 fix: it spans runs with different formatting" in result.stderr
    runs = [(r.text, r.italic, r.bold) for r in docx.Document(str(path)).paragraphs[0].runs]
    assert runs == [("We will ", None, None), ("use", True, None), (" the data. Teachers will ", None, None),
                    ("util", None, True), ("ize", None, None), (" time well.", None, None)]
    assert result.exit_code == 1  # the skipped one is still a finding


def test_diff_shows_a_word_fix_and_writes_nothing(cli, tmp_path):
    path = tmp_path / "plan.docx"
    data = word(fixable)
    path.write_bytes(data)
    result = cli("check", str(path), "--diff", "--select", "jargon")
    assert "-We will utilize the data." in result.stdout and "+We will use the data." in result.stdout
    assert path.read_bytes() == data


def test_annotate_writes_comments_on_the_words_and_keeps_the_original(cli, tmp_path):
    path = tmp_path / "letter.docx"
    data = word(letter)
    path.write_bytes(data)
    result = cli("check", str(path), "--annotate", "--select", "jargon,two-way")
    assert path.read_bytes() == data
    copy = tmp_path / "letter.plmsg.docx"
    assert "wrote letter.plmsg.docx" in result.stderr + result.stdout
    reviewed = docx.Document(str(copy))
    notes = [c for c in reviewed.comments if c.author == "plmsg"]
    jargon = next(c for c in notes if "(jargon)" in c.text)
    assert "Rewrite: “use”" in jargon.text and "Principle: Plain, specific language" in jargon.text
    # a second reader: the package's own XML, read with the standard library
    with zipfile.ZipFile(copy) as z:
        body = ET.fromstring(z.read("word/document.xml"))
        comments = ET.fromstring(z.read("word/comments.xml"))
    ids = {c.get(f"{W}id"): "".join(t.text or "" for t in c.iter(f"{W}t")) for c in comments.iter(f"{W}comment")}
    jid = next(i for i, text in ids.items() if "(jargon)" in text)
    covered, inside = [], False
    for el in body.iter():
        if el.tag == f"{W}commentRangeStart" and el.get(f"{W}id") == jid:
            inside = True
        elif el.tag == f"{W}commentRangeEnd" and el.get(f"{W}id") == jid:
            inside = False
        elif inside and el.tag == f"{W}t":
            covered.append(el.text)
    assert "".join(covered) == "utilize"
    assert read_document("c.docx", copy.read_bytes(), 10).source == read_document("o.docx", data, 10).source
    # and a walk of the folder does not check the reviewed copy again
    again = cli("check", str(tmp_path), "--format", "json", "--select", "jargon")
    assert [f["path"] for f in json.loads(again.stdout)["files"]] == [str(path)]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_the_reviewed_copy_and_its_comments(cli, tmp_path):
    path = tmp_path / "letter.docx"
    path.write_bytes(word(letter))
    cli("check", str(path), "--annotate", "--select", "jargon")
    for fmt, name in (("txt:Text", "letter.plmsg.txt"), ("html", "letter.plmsg.html")):
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                        fmt, "--outdir", str(tmp_path / "out"), str(tmp_path / "letter.plmsg.docx")],
                       check=True, capture_output=True, timeout=180)
    text = (tmp_path / "out" / "letter.plmsg.txt").read_text(encoding="utf-8-sig")
    assert "This fall we will utilize each student" in text
    page = (tmp_path / "out" / "letter.plmsg.html").read_text(encoding="utf-8", errors="replace")
    assert "is jargon to most readers" in page and "Ask the principal first" in page


def test_a_pdf_is_read_by_page_and_line(cli, tmp_path):
    path = tmp_path / "flyer.pdf"
    path.write_bytes(pdf([["Dear families,", "Our teachers plan each week with you."],
                          ["Next steps", "We will utilize what you tell us."]]))
    out = json.loads(cli("check", str(path), "--format", "json", "--select", "jargon").stdout)
    (found,) = out["files"][0]["diagnostics"]
    assert (found["text"], found["page"], found["page_line"], found["column"]) == ("utilize", 2, 2, 9)
    assert "p2 l2:9" in cli("check", str(path), "--format", "text", "--select", "jargon").stdout
    before = path.read_bytes()
    fixed = cli("check", str(path), "--fix", "--select", "jargon")
    assert "cannot change a PDF" in fixed.stderr and path.read_bytes() == before
    annotated = cli("check", str(path), "--annotate", "--select", "jargon")
    assert "only a .docx gets a reviewed copy" in annotated.stderr + annotated.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["flyer.pdf"]


def test_a_pdf_page_is_read_in_paragraphs(tmp_path):
    lines = ["Learning plans", "Every student sets goals with a teacher in September, and the two",
             "of them look at the goals each month.",
             "Questions? Write to the school office."]
    draft = read_document("plans.pdf", pdf([lines]), 10)
    assert [(b.kind, b.text) for b in draft.blocks] == [
        ("heading", "Learning plans"),
        ("paragraph", "Every student sets goals with a teacher in September, and the two of them look at the "
                      "goals each month."),
        ("paragraph", "Questions? Write to the school office.")]
    last = draft.source.rindex("Write")
    assert draft.places.locate(draft.source, last) == {"page": 1, "page_line": 4}


def test_an_email_is_its_subject_and_its_own_words():
    plain = ("Dear families,\n\nWe will share each student's goals at conferences.\n\n"
             "On Mon, Ann Lee wrote:\n> We must leverage synergy.\n\n-- \nDr. Smith, MTSS coordinator\n")
    draft = read_document("note.eml", mail("Goals at conferences", plain), 10)
    assert [b.kind for b in draft.blocks][0] == "title" and draft.blocks[0].text == "Goals at conferences"
    text = " ".join(b.text for b in draft.blocks)
    assert "conferences" in text and "leverage" not in text and "MTSS" not in text and "Ann Lee" not in text
    assert "office@example.org" not in draft.source  # headers are not prose
    html = ("<html><body><p>Dear families,</p><p>We will meet every student.</p>"
            "<blockquote type=cite>We must leverage synergy.</blockquote>"
            "<div class=gmail_signature>MTSS lead</div></body></html>")
    draft = read_document("note.eml", mail("Meeting", html=html), 10)
    assert [b.text for b in draft.blocks] == ["Meeting", "Dear families,", "We will meet every student."]
    for b in draft.blocks:
        start, end = b.source_span(0, len(b.text))
        assert draft.source[start:end] == b.text


def test_a_folder_of_documents_is_checked(cli, tmp_path):
    (tmp_path / "a.docx").write_bytes(word(letter))
    (tmp_path / "b.pdf").write_bytes(pdf([["We will utilize data."]]))
    (tmp_path / "c.eml").write_bytes(mail("Hello", "We will utilize data.\n"))
    (tmp_path / "~$a.docx").write_bytes(b"\x00lock")  # Word's lock file is not a draft
    out = json.loads(cli("check", str(tmp_path), "--format", "json", "--select", "jargon").stdout)
    assert sorted(re.sub(r".*/", "", f["path"]) for f in out["files"]) == ["a.docx", "b.pdf", "c.eml"]
    assert all(f["diagnostics"] for f in out["files"])
