"""--jobs and the results cache: same answers, less work, and safe failure."""

from __future__ import annotations

import json
import os
import signal

from conftest import ROOT

DRAFTS = ROOT / "tests" / "corpus"


def report(cli, *args):
    result = cli("check", str(DRAFTS), "--format", "json", *args)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_two_jobs_give_the_same_report(cli):
    one = report(cli, "--no-cache", "--jobs", "1")
    two = report(cli, "--no-cache", "--jobs", "2")
    assert one == two and len(one["files"]) >= 70


def test_drafts_checked_together_are_parsed_in_batches_with_the_same_findings(linter, nlp, monkeypatch):
    from plmsg.linter import Linter

    drafts = sorted(p for p in DRAFTS.iterdir() if not p.name.endswith(".yaml"))
    alone = [linter.check_file(p) for p in drafts]
    batches = []
    real_pipe = nlp.pipeline.pipe

    def pipe(texts, **kwargs):
        texts = list(texts)
        batches.append(len(texts))
        return real_pipe(texts, **kwargs)

    nlp.forget_parses()  # parse everything again
    monkeypatch.setattr(nlp.pipeline, "pipe", pipe)
    together = list(linter.check_files((p, None, None) for p in drafts))
    assert together == alone and sum(r.findings != () for r in together) > 60
    groups = -(-len(drafts) // Linter.GROUP_FILES)
    # Two batches per group of drafts: the sentences the passive rule has the tagger read
    # first, and those the rules parse (the tagged ones among them finish with the parser
    # alone). A draft whose first sentence with a student word and a learning word turns out
    # not to tie them (student-learning's `tied`) has its next such sentence parsed on its
    # own: a sentence at a time, for about one draft in ten (9 of these 81).
    big = [n for n in batches if n > 5]
    assert len(big) == 2 * groups and sum(big) > 150 and len(batches) - len(big) <= len(drafts) // 8


def test_cache_hits_and_rebuilds(cli, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("PLMSG_CACHE_DIR", str(cache))
    first = report(cli)
    entries = sorted(p for p in cache.rglob("*.json") if p.parent.name != "data")  # not the derived data
    assert len(entries) >= 70 and (cache / ".gitignore").read_text().strip().endswith("*")
    from plmsg import linter as linter_module

    calls = []
    original = linter_module.read_draft  # every draft not taken from the cache is read
    monkeypatch.setattr(linter_module, "read_draft", lambda *a, **k: calls.append(a) or original(*a, **k))
    assert report(cli) == first and calls == []  # every file came from the cache
    from plmsg.cache import FORMAT

    entries[0].write_text("{ half written", encoding="utf-8")  # a crash mid-write
    entries[1].write_text(json.dumps({"format": FORMAT, "audience": "families"}), encoding="utf-8")
    head, entry = entries[2].read_text(encoding="utf-8").split("\n")[:2]  # the report entry, as written
    assert json.loads(entry) == first["files"][[f["path"] for f in first["files"]].index(json.loads(entry)["path"])]
    entries[2].write_text(head + "\n" + entry.replace('"path": "', '"path": "x', 1) + "\n", encoding="utf-8")
    assert report(cli) == first and len(calls) == 3  # all three entries ignored and rebuilt
    assert json.loads(entries[0].read_text(encoding="utf-8").split("\n")[0])["format"] == FORMAT
    assert entries[2].read_text(encoding="utf-8").split("\n")[1] == entry


def test_report_entries_kept_in_the_cache_are_never_used_for_filtered_results(cli, tmp_path, monkeypatch):
    """A warm JSON report writes each file's entry as the cache kept it, except where the
    run drops findings from it (--min-severity, --baseline): those are rendered anew."""
    monkeypatch.setenv("PLMSG_CACHE_DIR", str(tmp_path / "cache"))
    assert report(cli) == report(cli, "--no-cache")
    for args in (["--min-severity", "warning"], ["--baseline", str(tmp_path / "base.json")]):
        if "--baseline" in args:
            assert cli("check", str(DRAFTS), "--write-baseline", args[1], "--no-cache").exit_code in (0, 1)
        warm, cold = report(cli, *args), report(cli, *args, "--no-cache")
        assert warm == cold and warm != report(cli)
        assert all(d["severity"] != "suggestion" for f in warm["files"] for d in f["diagnostics"]) \
            if "--min-severity" in args else not any(f["diagnostics"] for f in warm["files"])


def test_cache_key_covers_the_config(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PLMSG_CACHE_DIR", str(tmp_path / "cache"))
    draft = tmp_path / "a.md"
    draft.write_text("We will meet with every student each week to plan their reading goals.\n", encoding="utf-8")
    cfg = tmp_path / "cfg.yaml"
    cfg.write_text("options: {sentence-length: {max_words: 30}}\n", encoding="utf-8")
    rules = lambda: {d["rule"] for d in json.loads(cli("check", str(draft), "--config", str(cfg), "--format",
                                                      "json").stdout)["files"][0]["diagnostics"]}
    assert "sentence-length" not in rules()
    cfg.write_text("options: {sentence-length: {max_words: 5}}\n", encoding="utf-8")
    assert "sentence-length" in rules()


def test_no_cache_writes_nothing(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PLMSG_CACHE_DIR", str(tmp_path / "cache"))
    report(cli, "--no-cache")
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").rglob("*.json"))


def _dies_on(name: str):
    """Linter.check_files, killing its process when given the draft `name` (on a worker)."""
    from plmsg.linter import Linter

    real = Linter.check_files

    def check_files(self, tasks):
        tasks = list(tasks)
        if any(str(t[1]).endswith(name) for t in tasks):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(self, tasks)

    return check_files


def test_a_killed_worker_ends_the_run_clearly(cli, monkeypatch):
    from plmsg.linter import Linter

    monkeypatch.setattr(Linter, "check_files", _dies_on("40-device-protection-plan-forms.html"))
    result = cli("check", str(DRAFTS), "--format", "json", "--no-cache", "--jobs", "2")
    assert result.exit_code == 2
    assert "worker process stopped" in result.stderr and result.stdout == ""


def test_a_fully_cached_run_never_imports_spacy(tmp_path):
    import subprocess
    import sys

    draft = tmp_path / "a.md"
    draft.write_text("We will leverage tutors.\n", encoding="utf-8")
    env = {**os.environ, "PLMSG_CACHE_DIR": str(tmp_path / "cache")}
    probe = ("import sys\nfrom plmsg.cli import app\ntry:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
             "print('spacy' in sys.modules, file=sys.stderr)\n")
    cmd = [sys.executable, "-c", probe, "check", str(draft), "--format", "json"]
    first = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path)
    second = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert first.stderr.strip().endswith("True") and second.stderr.strip().endswith("False")
    assert json.loads(first.stdout) == json.loads(second.stdout)


def test_word_knowledge_and_syllables_are_kept_beside_the_cache(tmp_path):
    """Inflected forms, tokens, rewrite heads and syllable counts that plmsg does not ship
    (here, of a district glossary's term) are stored once, read back on the next run (same
    report), and rebuilt when the stored file is damaged."""
    import subprocess
    import sys

    (tmp_path / "words.yaml").write_text("jargon:\n  - term: flex block\n    pos: noun\n"
                                         "    plain: [time for extra help]\n", encoding="utf-8")
    (tmp_path / ".plmsg.yaml").write_text("glossary: [words.yaml]\n", encoding="utf-8")
    draft = tmp_path / "a.md"
    draft.write_text("# Update\n\nOur stakeholders will leverage new learner profiles in their flex blocks. "
                     "The plan was approved in May, and families were asked to reply by Friday.\n",
                     encoding="utf-8")
    cache = tmp_path / "cache"
    env = {**os.environ, "PLMSG_CACHE_DIR": str(cache)}

    def run(*extra):
        out = subprocess.run([sys.executable, "-m", "plmsg", "check", str(draft), "--format", "json", *extra],
                             capture_output=True, text=True, env=env, cwd=tmp_path)
        assert out.returncode == 1, out.stderr
        return json.loads(out.stdout)["files"][0]["diagnostics"]

    fresh = run("--no-cache")
    assert not cache.exists()
    assert run() == fresh
    stored = {p.name.split("-")[0]: p for p in (cache / "data").glob("*.json")}
    from plmsg import shipped

    assert set(stored) == {"words"} | (set() if shipped.syllables() else {"syllables"})  # unless shipped
    words = json.loads(stored["words"].read_text(encoding="utf-8"))
    assert words["forms"]["noun\tflex block"] == ["flex block", "flex blocks"]
    assert words["tokens"]["flex blocks"] == ["flex", "blocks"] and words["heads"]["time for extra help"] == 0
    for path in stored.values():
        path.write_text("{ damaged", encoding="utf-8")
    for entry in cache.glob("??/*.json"):  # the results too: the draft is checked again
        entry.unlink()
    assert run() == fresh
    assert json.loads(stored["words"].read_text(encoding="utf-8"))["forms"]


def test_a_warm_start_loads_neither_lemminflect_nor_pyphen(tmp_path):
    """The built-in rules' word knowledge ships with plmsg (with the verb forms the passive
    rewrites use), so even a first run does not load lemminflect's tables (about 0.4 s); what a run learns beyond it (a district
    glossary's inflections, the syllables of a word the CMU dictionary lacks) is kept, so
    the next run over an edited draft need not load lemminflect or pyphen's patterns (or
    wordfreq's tables, for how common a word is)."""
    import subprocess
    import sys

    draft = tmp_path / "a.md"
    draft.write_text("# Update\n\nOur teachers are leveraging Chromebooks. The plan was approved "
                     "in May, and we hope you will tell us what you think. A decision was made in the gym. "
                     "The schedule is being reviewed. Its report lists the employability skills we value.\n", encoding="utf-8")
    district = tmp_path / "district"
    district.mkdir()
    (district / "words.yaml").write_text("jargon:\n  - term: flex block\n    pos: noun\n"
                                         "    plain: [time for extra help]\n", encoding="utf-8")
    (district / ".plmsg.yaml").write_text("glossary: [words.yaml]\n", encoding="utf-8")
    (district / "b.md").write_text("# Flex\n\nStudents spend their flex blocks with tutors.\n",
                                   encoding="utf-8")
    env = {**os.environ, "PLMSG_CACHE_DIR": str(tmp_path / "cache")}
    probe = ("import sys\nfrom plmsg.cli import app\ntry:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
             "pyphen = sys.modules.get('pyphen')\n"
             "print('lemminflect' in sys.modules, bool(pyphen and pyphen.hdcache), 'wordfreq' in sys.modules, "
             "file=sys.stderr)\n")

    def twice(path, cwd):
        runs = []
        for _ in range(2):
            cmd = [sys.executable, "-c", probe, "check", str(path), "--format", "json"]
            out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd)
            runs.append((out.stderr.split()[-3:], json.loads(out.stdout)["files"][0]["diagnostics"]))
            path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # a cache miss next time
        return runs

    (first, before), (second, after) = twice(draft, tmp_path)
    # how rare "employability" is: looked up once, then remembered
    assert first == ["False", "True", "True"] and second == ["False", "False", "False"]
    assert any(d["suggestions"][:1] == ["using"] for d in after) and after == before
    rewrites = " ".join(d["suggestions"][0] for d in after if d["rule"] == "passive-voice")
    assert "'[who] made" in rewrites and "'[who] are reviewing" in rewrites  # shipped verb forms
    (first, before), (second, after) = twice(district / "b.md", district)
    assert first[0] == "True" and second[0] == "False"
    assert any(d["suggestions"][:1] == ["times for extra help"] for d in after) and after == before


def test_a_verb_lemminflect_does_not_know_is_inflected_without_loading_its_dictionary(tmp_path):
    """words.json holds the "-ing" form and past tense of every verb lemminflect knows, so
    for a new one ("repave") plmsg asks lemminflect's rules directly, as lemminflect itself
    would, instead of loading its dictionary (0.3 s) to find the verb is not in it."""
    import subprocess
    import sys

    draft = tmp_path / "a.md"
    draft.write_text("# Summer work\n\nThe bus loop is being repaved, and the fields were reseeded.\n",
                     encoding="utf-8")
    probe = ("import sys\nfrom plmsg.cli import app\ntry:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
             "from lemminflect import Inflections, getInflection\n"
             "print(hasattr(Inflections(), 'infl_dict'), file=sys.stderr)\n"
             "print(getInflection('repave', 'VBG')[0], getInflection('reseed', 'VBD')[0], file=sys.stderr)\n")
    out = subprocess.run([sys.executable, "-c", probe, "check", str(draft), "--format", "json", "--no-cache"],
                         capture_output=True, text=True, cwd=tmp_path)
    loaded, ing, past = out.stderr.split()[-3:]
    rewrites = [d["suggestions"][0] for d in json.loads(out.stdout)["files"][0]["diagnostics"]
                if d["rule"] == "passive-voice"]
    assert loaded == "False" and (ing, past) == ("repaving", "reseeded")
    assert any(f"'[who] are {ing}" in r for r in rewrites), rewrites


def test_the_shipped_word_knowledge_matches_the_built_in_rules():
    """words.json must say what compiling the built-in rules computes (rebuild it with
    `python -m plmsg.tools.build_data` after changing a rule or the glossary)."""
    from plmsg import shipped as data
    from plmsg.tools.build_data import build

    built = build()
    shipped = json.loads(data.PATH.read_text(encoding="utf-8"))
    if built["tokenizer"] != shipped["tokenizer"]:  # another spaCy or model: its tokens are not used
        assert set(built["tokens"]) == set(shipped["tokens"])
        built = {**built, "tokenizer": shipped["tokenizer"], "tokens": shipped["tokens"]}
    else:
        assert data.load_tokens(built["tokenizer"]) == {"tokens": shipped["tokens"]}
    assert shipped == built, "src/plmsg/words.json is stale: run python -m plmsg.tools.build_data"
    assert data.load() == built["tables"]
    assert set(built["tables"]) == set(data.TABLES) and len(built["tables"]["forms"]) > 500


def test_two_thousand_files_with_a_worker_killed_mid_run_lose_nothing(cli, tmp_path, monkeypatch):
    """A worker killed half way through a 2,000-file run: a clear error, exit 2, the last
    report and baseline untouched, every cache entry whole; the next run finishes and
    agrees with itself wherever the text is the same."""
    templates = [p.read_text(encoding="utf-8") for p in sorted(DRAFTS.glob("*.md"))[:4]]
    site = tmp_path / "site"
    site.mkdir()
    for i in range(2000):
        (site / f"page-{i:04}.md").write_text(templates[i % 4], encoding="utf-8")
    cache = tmp_path / "cache"
    monkeypatch.setenv("PLMSG_CACHE_DIR", str(cache))
    report_path, baseline_path = tmp_path / "report.json", tmp_path / "baseline.json"
    report_path.write_text("the last good report\n", encoding="utf-8")
    baseline_path.write_text("the last good baseline\n", encoding="utf-8")
    args = ("check", str(site), "--format", "json", "--jobs", "2", "--output", str(report_path),
            "--write-baseline", str(baseline_path))

    from plmsg.linter import Linter

    real = Linter.check_files
    monkeypatch.setattr(Linter, "check_files", _dies_on("page-1000.md"))
    result = cli(*args)
    assert result.exit_code == 2 and "worker process stopped" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert report_path.read_text(encoding="utf-8") == "the last good report\n"
    assert baseline_path.read_text(encoding="utf-8") == "the last good baseline\n"
    assert not list(tmp_path.glob(".*.plmsg-tmp"))
    from plmsg.cache import Cache

    entries = [p for p in cache.rglob("*.json") if p.parent.name != "data"]
    assert 0 < len(entries) < 2000  # some files were done before the kill, and kept
    for entry in entries:  # each one whole
        assert Cache(cache).get(entry.parent.name + entry.stem)["entry"]

    monkeypatch.setattr(Linter, "check_files", real)
    result = cli(*args)
    assert result.exit_code == 1, result.stderr
    files = json.loads(report_path.read_text(encoding="utf-8"))["files"]
    assert len(files) == 2000 and not any(f["error"] for f in files)
    by_text = {}
    for f in files:
        i = int(f["path"].rsplit("-", 1)[1][:4])
        by_text.setdefault(i % 4, []).append(f["diagnostics"])
    for same in by_text.values():
        assert all(d == same[0] for d in same)
    assert sum(1 for same in by_text.values() if same[0]) >= 2
    assert json.loads(baseline_path.read_text(encoding="utf-8"))["findings"]


def test_a_report_that_fails_half_way_keeps_the_last_one(cli, tmp_path, monkeypatch):
    import errno

    from plmsg.render import json as json_format

    report_path = tmp_path / "report.json"
    report_path.write_text("the last good report\n", encoding="utf-8")

    def half(report, out):
        out.write('{"plmsg_version": ')
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(json_format, "render", half)
    result = cli("check", str(DRAFTS / "01-principal-welcome.md"), "--format", "json", "--output", str(report_path))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"plmsg: error: cannot write {report_path}: No space left on device"
    assert report_path.read_text(encoding="utf-8") == "the last good report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
