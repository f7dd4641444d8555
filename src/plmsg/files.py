"""Reading drafts from disk and writing them back without losing anything.

A draft is decoded as UTF-8 (with or without a byte-order mark) or UTF-16 with a mark; a
file that is not valid UTF-8 but is valid Windows-1252 (what Word's "Save as Plain Text"
and older Notepad write: one curly apostrophe is byte 0x92) is read as Windows-1252, and
says so. Nothing else is guessed. Writing back uses the same encoding and mark, leaves line endings as
they were (edits never touch them), keeps the file's mode, goes through a temporary file
in the same folder and `os.replace`, and skips the write when the bytes would not change.
A draft that is a symbolic link is never rewritten in place (`rewrite_refusal`).
"""

from __future__ import annotations

import codecs
import os
import stat
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


class InputError(Exception):
    """A file that cannot be read as a draft; the message says what is wrong in a few words."""


@dataclass(frozen=True)
class SourceText:
    text: str
    codec: str = "utf-8"  # utf-8 | utf-16-le | utf-16-be | cp1252
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.codec)

    @property
    def note(self) -> str | None:
        """What a reader should know about how the file was read (None for UTF-8 and UTF-16)."""
        if self.codec == "cp1252":
            return "is Windows-1252, not UTF-8: read as Windows-1252, and --fix writes it back that way"
        return None

    def unwritable(self, text: str) -> str | None:
        """A character of `text` the file's encoding cannot hold, or None."""
        try:
            text.encode(self.codec)
        except UnicodeEncodeError as exc:
            return exc.object[exc.start]
        return None


def decode(data: bytes) -> SourceText:
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            body = data[len(bom):]
            break
    else:
        bom, codec, body = b"", "utf-8", data
        if b"\x00" in data[:8192]:
            raise InputError("looks like a binary file (it contains NUL bytes), not a text draft")
    try:
        return SourceText(body.decode(codec), codec, bom)
    except UnicodeDecodeError as exc:
        if not bom:
            try:  # Windows-1252 leaves five bytes undefined: a file with one of them is not it
                return SourceText(body.decode("cp1252"), "cp1252")
            except UnicodeDecodeError:
                pass
        offset = exc.start + len(bom)
        raise InputError(f"is not valid {codec.upper().replace('-LE', '').replace('-BE', '')}: byte "
                         f"0x{data[offset]:02x} at offset {offset} cannot be decoded") from None


# A draft is prose a person wrote: the largest real web pages hold well under 1 MB of it.
# A bigger file is a data dump or a log; checking it takes time and memory in proportion
# (about 3 s and 160 MB per MB of prose), so past this size (config `max_draft_mb`) it is
# refused with a clear error instead. The hard ceiling keeps offsets in 32 bits.
MAX_DRAFT_MB = 10
CEILING_MB = 1024


# A Word document or PDF carries its pictures and fonts: it may be this many times the
# size of a draft, and its text is then held to the draft's limit.
DOCUMENT_FACTOR = 10


def read_source(path: Path, max_mb: int = MAX_DRAFT_MB) -> SourceText:
    return decode(read_bytes(path, max_mb))


def read_bytes(path: Path, max_mb: int = MAX_DRAFT_MB, what: str = "a draft") -> bytes:
    """The file's bytes, refused by its size before it is read."""
    try:
        size = os.stat(path).st_size
        if size > min(max_mb, CEILING_MB) * 2**20:
            raise InputError(f"is {size / 2**20:.1f} MB, over the {min(max_mb, CEILING_MB)} MB limit for "
                             f"{what} (raise it with max_draft_mb in the config, or leave the file out "
                             "with --exclude)")
        return Path(path).read_bytes()
    except IsADirectoryError:
        raise InputError("is a folder, not a file") from None
    except FileNotFoundError:
        raise InputError("no such file") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None


def rewrite_refusal(path: Path) -> str | None:
    """Why plmsg will not rewrite the draft at `path` in place, or None when it may.

    A symbolic link is refused: `os.replace` would swap the link itself for a regular file
    holding the new text, and leave the file it points to as it was. Every command that
    writes drafts back (--fix, review, check --fix --interactive) asks this first."""
    if Path(path).is_symlink():
        return "is a symbolic link; plmsg does not rewrite through links"
    return None


def write_atomic(path: Path, original: SourceText, text: str) -> bool:
    """Write `text` back in the original's encoding; False when nothing would change.
    On any failure the original file is left as it was and the error is raised."""
    path = Path(path)
    data = original.encode(text)
    if data == original.encode(original.text):
        return False
    with replacing(path, binary=True, sync=True) as out:
        out.write(data)
    return True


@contextmanager
def replacing(path: Path, binary: bool = False, sync: bool = False):
    """A file written in full or not at all: what is written goes to a temporary file
    beside `path`, which replaces it (keeping its permissions) only when the block ends
    without an error, so a draft, report or baseline is never left half written. Text is
    UTF-8 with "\n" line ends; `sync` flushes it to disk before the rename."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".plmsg-tmp")
    try:
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n")) as out:
            yield out
            if sync:
                out.flush()
                os.fsync(out.fileno())
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
