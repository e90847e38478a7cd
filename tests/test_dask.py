"""The per-article step on a Dask cluster (an in-process LocalCluster here) gives the graph
a serial build gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.corpus import build_corpus
from kg.export.turtle import turtle_bytes

pytest.importorskip("dask.distributed")

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_74332eaaa2aa362a.txt"
DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"


@pytest.fixture
def files(tmp_path) -> list[Path]:
    if not DEV.is_dir():
        pytest.skip(f"the dev corpus is not at {DEV} (the repo sits beside shared/ in CI)")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    return [SEED, *sorted(DEV.glob("*.txt"))[:4], empty]


def test_local_cluster_equals_serial_build(files):
    serial = build_corpus(files, jobs=1)
    dask = build_corpus(files, scheduler="local", jobs=2)
    assert dask.stats.articles == serial.stats.articles == 5
    # a bad file fails on the cluster with the same message, in the same place
    assert dask.failures == serial.failures
    assert [s for s, _m in dask.failures] == [str(files[-1])]
    assert turtle_bytes(dask.graph) == turtle_bytes(serial.graph)


def test_cli_scheduler_local(files, tmp_path):
    out = tmp_path / "out"
    r = CliRunner().invoke(cli, ["build", *map(str, files[:3]), "-o", str(out),
                                 "--scheduler", "local"])
    assert r.exit_code == 0, r.output
    assert r.stderr.startswith("3 article(s), ")
    assert (out / "graph.ttl").read_bytes() == turtle_bytes(build_corpus(files[:3]).graph)


def test_unreachable_scheduler_is_one_line(files, monkeypatch):
    import kg.corpus

    monkeypatch.setattr(kg.corpus, "DASK_CONNECT_TIMEOUT", 1)
    # port 9 (discard) on localhost: nothing listens there in CI
    r = CliRunner().invoke(cli, ["build", str(SEED), "-o", "/tmp/never",
                                 "--scheduler", "tcp://127.0.0.1:9"])
    assert r.exit_code == 2
    assert r.stderr.strip().splitlines()[-1].startswith(
        "Error: --scheduler tcp://127.0.0.1:9: cannot connect (")
