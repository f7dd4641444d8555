"""atheris harness: the markup readers on arbitrary text, and the Word, PDF and e-mail
readers on arbitrary bytes.

    python fuzz/fuzz_markup.py -max_total_time=30

Any exception other than the documented MarkupError is a bug, and so is a prose character
whose source span falls outside the file.
"""

import sys

import atheris

with atheris.instrument_imports():
    from plmsg.markup import MarkupError, read_document, read_draft


def one(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    fmt = fdp.PickValueInList(["a.md", "a.html", "a.txt", "a.docx", "a.pdf", "a.eml"])
    try:
        if fmt in ("a.docx", "a.pdf", "a.eml"):
            draft = read_document(fmt, fdp.ConsumeBytes(fdp.remaining_bytes()), 10)
            text = draft.source
        else:
            text = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
            draft = read_draft(fmt, text)
    except MarkupError:
        return
    for block in draft.blocks:
        for i in range(len(block.text)):
            start, end = block.source_span(i, i + 1)
            assert 0 <= start <= end <= len(text), (fmt, text, block.kind, i)


if __name__ == "__main__":
    atheris.Setup(sys.argv, one)
    atheris.Fuzz()
