"""atheris harness: the YAML rule loader and config validation on arbitrary files.

    python fuzz/fuzz_loader.py -max_total_time=30

Anything other than a ConfigError naming the file is a bug.
"""

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from plmsg.loader import read_rule_file
    from plmsg.settings import load_settings
    from plmsg.yamlio import ConfigError

FOLDER = Path(tempfile.mkdtemp(prefix="plmsg-fuzz-"))


class _Library:
    options: dict = {}
    options_located = None


def one(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    which = fdp.ConsumeIntInRange(0, 1)
    text = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
    path = FOLDER / ("rule.yaml" if which == 0 else ".plmsg.yaml")
    path.write_text(text, encoding="utf-8")
    try:
        if which == 0:
            read_rule_file(path, _Library())
        else:
            load_settings(path)
    except ConfigError as exc:
        assert str(path) in str(exc)


if __name__ == "__main__":
    atheris.Setup(sys.argv, one)
    atheris.Fuzz()
