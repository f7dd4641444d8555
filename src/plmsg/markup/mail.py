"""Saved e-mail (.eml), with the standard library's `email` package.

The subject is the headline. The body is the text/plain part, or else the text/html part
read as a web page. Headers are not prose, and neither are quoted replies (lines after
"On ... wrote:", lines starting with ">", a forwarded or original message below Outlook's
divider, and in HTML the quote blocks mail programs mark) nor the signature below "-- ".
The extracted text, "Subject: ..." then a blank line then the body, is what findings'
lines and columns count in.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import replace

from ..model import Draft, HtmlScope
from .blocks import MarkupError
from .html import SKIP, read_html_fragment
from .text import read_text

# What mail programs wrap quoted replies and signatures in.
QUOTED = ("blockquote[type=cite]", ".gmail_quote", ".gmail_signature", ".gmail_extra", "#divRplyFwdMsg",
          "#divRplyFwdMsg ~ *", "#appendonsend ~ *", ".moz-cite-prefix", ".moz-signature", ".yahoo_quoted",
          "[data-marker=__QUOTED_TEXT__]", "[data-marker=__SIG_PRE__]")
_WROTE = re.compile(r"^(On\b.{0,200}\bwrote:|.{0,80}\bschrieb\b.{0,80}:)\s*$", re.I)
_DIVIDER = re.compile(r"^(-{2,}\s*(Original Message|Forwarded message)\s*-{2,}|_{20,}|From:\s.+)\s*$", re.I)


def read_mail(path: str, data: bytes, max_mb: int) -> Draft:
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
        subject = " ".join(str(message.get("subject", "") or "").split())
        part = message.get_body(preferencelist=("plain", "html"))
    except Exception as exc:  # noqa: BLE001 - the email package raises many kinds on broken headers
        raise MarkupError(f"is not a readable e-mail ({type(exc).__name__}: {exc})") from None
    if part is None:
        raise MarkupError("has no text part to read (only attachments, or no body)")
    try:
        body = part.get_content()
    except (LookupError, UnicodeError):  # an unknown charset: read what decodes
        body = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
    if not isinstance(body, str):
        raise MarkupError("has no text part to read")
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    head = f"Subject: {subject}\n\n" if subject else ""
    if part.get_content_subtype() == "html":
        source = head + body
        if len(source) > max_mb * 2**20:
            raise _too_big(source, max_mb)
        title = read_text(path, head).blocks if head else ()
        fragment = read_html_fragment(source, len(head), len(source), HtmlScope(content=(), skip=SKIP + QUOTED))
        return Draft(path=path, source=source, format="email", blocks=tuple(title) + tuple(fragment.blocks),
                     links=tuple(fragment.links))
    source = head + own_words(body)
    if len(source) > max_mb * 2**20:
        raise _too_big(source, max_mb)
    return replace(read_text(path, source), format="email")


def own_words(body: str) -> str:
    """The writer's own words of a plain-text body: up to the signature or the quoted
    message, without quoted lines."""
    kept: list[str] = []
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if line == "-- " or line.rstrip() == "--":
            break  # the signature
        if _DIVIDER.match(line) and (i + 1 >= len(lines) or ":" in " ".join(lines[i:i + 4])):
            break  # Outlook's original or forwarded message
        if _WROTE.match(line) and any(l.startswith(">") for l in lines[i + 1:i + 4]):
            continue  # "On Monday, Ann wrote:" above a quote
        if line.startswith(">"):
            continue
        kept.append(line)
    return "\n".join(kept).rstrip("\n") + "\n"


def _too_big(source: str, max_mb: int) -> MarkupError:
    return MarkupError(f"holds {len(source) / 2**20:.1f} MB of text, over the {max_mb} MB limit for a draft "
                       "(raise max_draft_mb in the config)")
