"""The wheel carries the rules and glossary: installed outside the repo, plmsg finds them."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    work = tmp_path_factory.mktemp("wheel")
    dist = work / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(ROOT)],
        capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(dist.glob("plmsg-*.whl"))
    env = work / "venv"
    venv.EnvBuilder(with_pip=False).create(env)
    bin_dir = env / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    # The dependencies (spaCy, the model, ...) come from this test run's environment; the
    # package itself comes only from the wheel.
    deps = [sysconfig.get_paths()["purelib"], *site.getsitepackages()]
    (Path(purelib) / "deps.pth").write_text("\n".join(deps) + "\n")
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                              "--no-index", str(wheel)], capture_output=True, text=True)
    assert install.returncode == 0, install.stderr[-2000:]
    return work, bin_dir


def test_wheel_ships_rules_and_glossary(installed):
    work, bin_dir = installed
    cwd = work / "elsewhere"
    cwd.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    where = subprocess.run([str(bin_dir / "python"), "-c", "import plmsg; print(plmsg.__file__)"],
                           cwd=cwd, capture_output=True, text=True, env=env, check=True).stdout
    assert str(work) in where and str(ROOT) not in where
    shipped = subprocess.run([str(bin_dir / "python"), "-c", "from plmsg import shipped; "
                              "print(bool(shipped.load()), shipped.SYLLABLES.is_file())"],
                             cwd=cwd, capture_output=True, text=True, env=env, check=True).stdout
    assert shipped.split() == ["True", "True"]  # the built-in rules' word knowledge, the syllable counts
    result = subprocess.run([str(bin_dir / "plmsg"), "rules", "--format", "json"],
                            cwd=cwd, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    ids = {r["id"] for r in rows}
    assert ids == {p.stem for p in (ROOT / "rules").glob("*.yaml")}
    assert all(r["source"].startswith("builtin:rules/") for r in rows)
    draft = cwd / "note.txt"
    draft.write_text("We will leverage our tutors.\n", encoding="utf-8")
    check = subprocess.run([str(bin_dir / "plmsg"), "check", str(draft), "--format", "json"],
                           cwd=cwd, capture_output=True, text=True, env=env)
    assert check.returncode == 1, check.stderr
    assert json.loads(check.stdout)["files"][0]["diagnostics"][0]["text"] == "leverage"
