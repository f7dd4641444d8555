"""The GitHub Action: its inputs, and its run step executed as GitHub would run it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def test_action_inputs_and_steps():
    assert set(ACTION["inputs"]) == {"paths", "audience", "fail-on", "config"}
    assert ACTION["runs"]["using"] == "composite"
    install = ACTION["runs"]["steps"][1]["run"]
    assert "[model]" in install


def _run_step(tmp_path, **inputs):
    step = ACTION["runs"]["steps"][2]
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.update({"PLMSG_PATHS": ".", "PLMSG_AUDIENCE": "", "PLMSG_FAIL_ON": "warning", "PLMSG_CONFIG": ""})
    env.update(inputs)
    return subprocess.run([shutil.which("bash") or "bash", "-c", step["run"]], cwd=tmp_path, env=env,
                          capture_output=True, text=True)


def test_run_step_annotates_and_fails(tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.md").write_text("We will leverage tutors.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("Our stakeholders agree.\n", encoding="utf-8")
    result = _run_step(tmp_path, PLMSG_PATHS="news b.md", PLMSG_AUDIENCE="community")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::warning file=news/a.md,line=1,col=9")
    assert any(l.startswith("::warning file=b.md,") for l in lines)
    assert _run_step(tmp_path, PLMSG_FAIL_ON="never").returncode == 0
