"""Importing spaCy without its command line (a third of its import time)."""

from __future__ import annotations


def import_spacy():
    """spaCy, imported without its command line.

    spaCy's package `__init__` imports `spacy.cli` only to offer `spacy.info`, and that
    brings in typer, weasel, jinja2, requests, rich and more: a third of `import spacy`,
    0.3-0.4 s of every plmsg start. So the first import here puts a stand-in
    `spacy.cli.info` in place whose `info` imports the real one when called, and takes the
    stand-ins away as soon as spaCy is imported: a later `import spacy.cli` is the real one.
    """
    import sys

    spacy = sys.modules.get("spacy")
    if spacy is not None:
        return spacy
    from types import ModuleType

    def info(*args, **kwargs):  # spacy.info, imported when it is used
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    cli, cli_info = ModuleType("spacy.cli"), ModuleType("spacy.cli.info")
    cli.__path__ = []  # a package, so that `spacy.cli.info` is looked up in sys.modules
    cli_info.info = info
    stand_ins = {"spacy.cli": cli, "spacy.cli.info": cli_info}
    if any(name in sys.modules for name in stand_ins):
        import spacy  # someone is importing spaCy's command line already: leave it be

        return spacy
    sys.modules.update(stand_ins)
    try:
        import spacy
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
        spacy = sys.modules.get("spacy")
        if spacy is not None and getattr(spacy, "cli", None) is cli:
            del spacy.cli
    return spacy
