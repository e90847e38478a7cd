"""``kg build`` over many inputs, --strict, --debug, and exports that survive failures and
interrupts byte for byte (issue 5)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kg.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_74332eaaa2aa362a.txt"
SUPPORTED = "give a .txt, .md or .html news article"
INTERRUPTED = "interrupted; previous exports left unchanged"
MIXED_SCRIPTS = "北約領導人3月24日在布魯塞爾舉行峰會。北约呼吁俄罗斯立即停止战争。\n"


def invoke(*args: object) -> Result:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` (temp files included) -> its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def previous(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """An output folder holding the exports of an earlier build (of the mixed-script note)."""
    note = tmp_path / "earlier.txt"
    note.write_text(MIXED_SCRIPTS, encoding="utf-8")
    out = tmp_path / "out"
    assert invoke("build", note, "-o", out).exit_code == 0
    old = snapshot(out)
    assert sorted(old) == ["graph.graphml", "graph.html", "graph.ttl"]
    return out, old


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "00_empty.txt").write_bytes(b"")
    (folder / "01_seed.txt").write_bytes(SEED.read_bytes())
    (folder / "02_photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (folder / "03_note.md").write_text(MIXED_SCRIPTS, encoding="utf-8")
    (folder / "README.rst").write_text("not an article suffix: not read", encoding="utf-8")
    (folder / "sub" / "04_nav.html").write_text(
        "<html><body><nav><a href='/a'>首页</a></nav></body></html>", encoding="utf-8"
    )
    return folder


def articles_in(out: Path) -> int:
    import rdflib

    from kg.vocab import KG

    g = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    return len(set(g.subjects(rdflib.RDF.type, KG.Article)))


# --------------------------------------------------------------------------- many inputs


def test_mixed_folder_builds_the_good_and_lists_the_bad(tmp_path: Path, mixed_folder: Path):
    out = tmp_path / "out"
    result = invoke("build", mixed_folder, "-o", out)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("2 article(s), ")
    assert lines[1:] == [
        "3 of 5 inputs failed and are not in the graph:",
        f"Error: {mixed_folder / '00_empty.txt'}: is empty; {SUPPORTED}",
        (
            f"Error: {mixed_folder / '02_photo.txt'}: is a binary file (PNG image), not an"
            f" article; {SUPPORTED}"
        ),
        (
            f"Error: {mixed_folder / 'sub' / '04_nav.html'}: has no article text (only markup,"
            f" links or metadata); {SUPPORTED}"
        ),
    ]
    assert articles_in(out) == 2  # the seed and the note


def test_strict_stops_at_the_first_bad_input(mixed_folder: Path, previous) -> None:
    out, old = previous
    result = invoke("build", mixed_folder, "-o", out, "--strict")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {mixed_folder / '00_empty.txt'}: is empty; {SUPPORTED}\n"
    assert snapshot(out) == old


def test_strict_with_good_inputs_builds(tmp_path: Path) -> None:
    result = invoke("build", SEED, "-o", tmp_path / "out", "--strict")
    assert result.exit_code == 0
    assert articles_in(tmp_path / "out") == 1


def test_nothing_readable_writes_nothing(tmp_path: Path, previous) -> None:
    out, old = previous
    empty, missing = tmp_path / "empty.txt", tmp_path / "missing.txt"
    empty.write_bytes(b"")
    result = invoke("build", empty, missing, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {empty}: is empty; {SUPPORTED}",
        f"Error: {missing}: no such file; check the path",
        "Error: none of the 2 inputs could be read; nothing was written",
    ]
    assert snapshot(out) == old


def test_a_bug_on_one_article_does_not_stop_the_others(tmp_path: Path, monkeypatch) -> None:
    import kg.api

    real = kg.api.analyse

    def analyse(article, **kwargs):
        if article.source.endswith("bad.txt"):
            raise IndexError("list index out of range")  # as a real slip would
        return real(article, **kwargs)

    monkeypatch.setattr(kg.api, "analyse", analyse)
    bad = tmp_path / "bad.txt"
    bad.write_text(MIXED_SCRIPTS, encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("build", bad, SEED, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1:] == [
        "1 of 2 inputs failed and are not in the graph:",
        (
            f"Error: {bad}: internal error while analysing (IndexError: list index out of range);"
            " please report it with this file (kg --debug build shows the traceback)"
        ),
    ]
    assert articles_in(out) == 1


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    from kg.errors import OutputError

    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    args = ["build", str(SEED), "-o", str(blocker / "out")]
    message = (f"{blocker / 'out'}: cannot create the output folder ({blocker} is a file, not a"
               " folder); choose another with -o")  # fmt: skip
    result = CliRunner().invoke(cli, ["--debug", *args])
    assert isinstance(result.exception, OutputError)  # raised, not turned into one line
    proc = subprocess.run(
        [sys.executable, "-m", "kg.cli", "--debug", *args],
        capture_output=True, text=True, timeout=120, cwd=ROOT, check=False,
    )  # fmt: skip
    assert proc.returncode == 1
    assert proc.stderr.startswith("Traceback (most recent call last):")
    assert proc.stderr.rstrip().endswith(f"kg.errors.OutputError: {message}")
    plain = subprocess.run(
        [sys.executable, "-m", "kg.cli", *args],
        capture_output=True, text=True, timeout=120, cwd=ROOT, check=False,
    )  # fmt: skip
    assert (plain.returncode, plain.stderr) == (1, f"Error: {message}\n")


def test_debug_shows_the_traceback_of_a_bug_on_one_article(tmp_path: Path, monkeypatch):
    import kg.api

    def analyse(article, **kwargs):
        raise IndexError("list index out of range")

    monkeypatch.setattr(kg.api, "analyse", analyse)
    result = CliRunner().invoke(cli, ["--debug", "build", str(SEED), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "Traceback (most recent call last):" in result.stderr
    assert 'raise IndexError("list index out of range")' in result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"Error: {SEED}: internal error while analysing (IndexError: list index out of range);"
        " please report it with this file (kg --debug build shows the traceback)"
    )
    plain = invoke("build", SEED, "-o", tmp_path / "o")
    assert "Traceback" not in plain.stderr
    assert plain.stderr == result.stderr.splitlines()[-1] + "\n"


# --------------------------------------------------------------------------- atomic exports


def test_an_exporter_failing_leaves_the_previous_exports(previous, monkeypatch) -> None:
    import kg.export.html

    out, old = previous

    def broken(graph, **kwargs):  # the Turtle and GraphML renderers have run by now
        raise RuntimeError("renderer failed")

    monkeypatch.setattr(kg.export.html, "html_text", broken)
    result = invoke("build", SEED, "-o", out)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: unexpected RuntimeError: renderer failed; run again with kg --debug for the "
        "traceback and please report it\n"
    )
    assert snapshot(out) == old


def test_a_write_failing_midway_leaves_the_previous_exports(previous, monkeypatch) -> None:
    import kg.atomic
    from kg.errors import OutputError

    out, old = previous
    real = kg.atomic._write_temp
    calls: list[Path] = []

    def disk_full_on_second(path, data):
        calls.append(path)
        if len(calls) == 2:  # the first temp file is on disk already
            assert any(n.endswith(".tmp") for n in os.listdir(out))
            raise OutputError(f"{path}: cannot write (No space left on device); "
                              "check free space and permissions")  # fmt: skip
        return real(path, data)

    monkeypatch.setattr(kg.atomic, "_write_temp", disk_full_on_second)
    result = invoke("build", SEED, "-o", out)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {out / 'graph.graphml'}: cannot write (No space left on device); "
        "check free space and permissions\n"
    )
    assert snapshot(out) == old  # the first temp file was removed too


def test_interrupt_between_renames_says_which_files_are_new(previous, monkeypatch) -> None:
    import kg.atomic

    out, old = previous
    real = kg.atomic._replace
    done: list[Path] = []

    def interrupted_after_first(tmp, path):
        if done:
            raise KeyboardInterrupt
        real(tmp, path)
        done.append(path)

    monkeypatch.setattr(kg.atomic, "_replace", interrupted_after_first)
    result = invoke("build", SEED, "-o", out)
    assert result.exit_code == 130
    assert result.stderr.splitlines() == [
        (
            f"interrupted while replacing the exports: {out / 'graph.ttl'} new, "
            f"{out / 'graph.graphml'}, {out / 'graph.html'} old; run the build again"
        )
    ]
    now = snapshot(out)
    assert sorted(now) == sorted(old)  # no temp files left
    assert now["graph.ttl"] != old["graph.ttl"]
    assert (now["graph.graphml"], now["graph.html"]) == (old["graph.graphml"], old["graph.html"])


def test_ctrl_c_during_analysis_in_process(previous, monkeypatch) -> None:
    import kg.api

    out, old = previous

    def interrupted(article, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(kg.api, "analyse", interrupted)
    result = invoke("build", SEED, "-o", out)
    assert (result.exit_code, result.stderr) == (130, INTERRUPTED + "\n")
    assert snapshot(out) == old


# --------------------------------------------------------------------------- real signals


@pytest.fixture(scope="module")
def long_input(tmp_path_factory) -> Path:
    """~200 kB of article text: a few seconds of analysis and ~6 MB of exports to write."""
    from kg.ingest import parse_article

    body = parse_article(SEED.read_bytes()).text
    path = tmp_path_factory.mktemp("long") / "long.txt"
    path.write_text("\n\n".join([body] * 20), encoding="utf-8")
    return path


# SIGINT raises KeyboardInterrupt in the child as it does for a user at a terminal, also when
# the test runner is a background job (which starts children with SIGINT ignored).
_CHILD = (
    "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from kg.cli import main; main(sys.argv[1:])"
)


def _start_build(long_input: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD, "build", str(long_input), "-o", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip


def _wait_for_temp_file(proc: subprocess.Popen, out: Path, timeout: float = 300) -> bool:
    """Poll (busily: the write phase is short) until a temp export appears in ``out``."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if any(n.endswith(".tmp") for n in os.listdir(out)):
            return True
    return False


@pytest.mark.slow
@pytest.mark.parametrize(("sig", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_signal_while_writing_exports(long_input, previous, sig, status) -> None:
    out, old = previous
    proc = _start_build(long_input, out)
    try:
        writing = _wait_for_temp_file(proc, out)
        if writing:
            proc.send_signal(sig)
        _, stderr = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert writing, f"the build ended before its exports were written: {stderr}"
    assert proc.returncode == status, stderr
    assert stderr.splitlines() == [INTERRUPTED]
    assert snapshot(out) == old  # byte-identical, and no temp file left behind


@pytest.mark.slow
def test_sigterm_during_analysis(long_input, previous) -> None:
    out, old = previous
    proc = _start_build(long_input, out)
    try:
        time.sleep(2.0)  # imports and jieba take ~1 s; the analysis of 200 kB several more
        assert proc.poll() is None
        assert not any(n.endswith(".tmp") for n in os.listdir(out))
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert (proc.returncode, stderr) == (143, INTERRUPTED + "\n")
    assert snapshot(out) == old


# --------------------------------------------------------------------------- viewer safety


def test_markup_in_names_is_data_in_the_viewer(tmp_path: Path) -> None:
    """Names written as markup reach the graph as text, and the HTML viewer's embedded data
    holds them escaped: no raw tag that could close the data's <script> or add an element."""
    page = tmp_path / "xss.html"
    page.write_text(
        "<!--1648152901000-->\n[北约峰会：某人发表声明](https://www.rfi.fr/cn/x)\n------\n"
        "<p>北约秘书长斯托尔滕贝格（&lt;img src=x onerror=alert(1)&gt;）3月24日在布鲁塞尔表示，"
        "北约谴责俄罗斯入侵乌克兰。</p>"
        "<p>某人（&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;）呼吁北约提供更多援助。</p>",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert invoke("build", page, "-o", out).exit_code == 0
    ttl = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "（<img src=x onerror=alert(1)>）" in ttl  # the text is kept as written
    assert "（</script><script>alert(1)</script>）" in ttl
    html = (out / "graph.html").read_text(encoding="utf-8")
    assert html.count("onerror=alert(1)") >= 1  # the sentences are in the viewer's data...
    assert "<img src=x" not in html  # ...but never as markup
    assert "</script><script>alert(1)" not in html
    assert "<script>alert(1)" not in html
