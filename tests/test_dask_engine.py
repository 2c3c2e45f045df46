"""The stages on a real Dask cluster give what one process gives.

A `dask scheduler` and two `dask worker` processes (one thread each) are started on
loopback, importing storydesk from the same source as this test (PYTHONPATH); the demo
corpus is run through `pipeline.process` with the cluster as its engine and compared,
stories, links, claims, analyses, story results and stored vectors, with the same
corpus run in one process. One worker is killed while the analysis tasks are out:
the scheduler reruns its tasks on the other, and the result is still the same.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest

import storydesk
from storydesk import pipeline
from storydesk.cli import EXIT_ENGINE, main
from storydesk.engine import EngineUnavailable, connect
from storydesk.store.database import DB_FILE
from storydesk.store.store import Store

needs_dask = pytest.mark.skipif(
    find_spec("distributed") is None,
    reason="dask.distributed is not installed (it is in requirements.lock)",
)
SOURCE = Path(storydesk.__file__).resolve().parent.parent  # what workers must import
STARTUP = 60.0  # seconds for the scheduler and workers to come up on a busy machine


def _dask_command() -> list[str]:
    script = Path(sys.executable).parent / "dask"
    return [str(script)] if script.exists() else [sys.executable, "-m", "dask"]


@dataclass
class LoopbackCluster:
    address: str
    scheduler: subprocess.Popen[bytes]
    workers: list[subprocess.Popen[bytes]]

    def kill_worker(self, index: int) -> None:
        """SIGKILL a worker and its nanny (its own process group): gone for good."""
        os.killpg(self.workers[index].pid, signal.SIGKILL)
        self.workers[index].wait(timeout=30)

    def stop(self) -> None:
        for process in [*self.workers, self.scheduler]:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in [*self.workers, self.scheduler]:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def _start(command: list[str], log: Path, cwd: Path) -> subprocess.Popen[bytes]:
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(SOURCE), *filter(None, [os.environ.get("PYTHONPATH")])]
    ))
    with log.open("wb") as out:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, cwd=cwd, env=environment,
            start_new_session=True,
        )


def start_cluster(folder: Path, workers: int = 2) -> LoopbackCluster:
    """`dask scheduler` on a free loopback port and `workers` x `dask worker`, each one
    process of one thread; returns once every worker has joined."""
    from distributed import Client

    folder.mkdir(parents=True, exist_ok=True)
    address_file = folder / "scheduler.json"
    dask = _dask_command()
    scheduler = _start(
        [*dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
         "--scheduler-file", str(address_file)],
        folder / "scheduler.log", folder,
    )  # fmt: skip
    cluster = LoopbackCluster("", scheduler, [])
    try:
        deadline = time.monotonic() + STARTUP
        while not address_file.exists() or not address_file.read_text().strip():
            if scheduler.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((folder / "scheduler.log").read_text()[-2000:])
            time.sleep(0.1)
        time.sleep(0.1)  # the file is written in one go, but let it be complete
        cluster.address = json.loads(address_file.read_text())["address"]
        for number in range(workers):
            cluster.workers.append(_start(
                [*dask, "worker", cluster.address, "--nthreads", "1", "--nworkers", "1",
                 "--no-dashboard", "--local-directory", str(folder / f"w{number}")],
                folder / f"worker{number}.log", folder,
            ))  # fmt: skip
        with Client(cluster.address, timeout=STARTUP) as client:
            client.wait_for_workers(workers, timeout=STARTUP)
    except BaseException:
        cluster.stop()
        raise
    return cluster


def snapshot(path: Path) -> dict[str, Any]:
    """What a run stored, as comparable values."""
    with Store(path, read_only=True) as store:
        stories = {s.id: sorted(store.story_article_ids(s.id)) for s in store.list_stories()}
        articles = [a.id for a in store.articles()]
        vectors = store.db.execute("SELECT key, vector FROM sentence_vectors_q8 ORDER BY key")
        return {
            "stories": stories,
            "links": {s: store.links_of(s) for s in stories},
            "results": {s: store.story_results(s) for s in stories},
            "claims": {a: store.claims_of(a) for a in articles},
            "analyses": {a: store.get_analysis(a) for a in articles},
            "vectors": [(bytes(r["key"]), bytes(r["vector"])) for r in vectors],
            "failures": store.list_failures(),
            "dirty": store.dirty_story_ids(),
        }


@pytest.fixture(scope="module")
def single(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The demo corpus run in one process: the reference."""
    from conftest import CORPUS

    path = tmp_path_factory.mktemp("single") / "s.sqlite"
    with Store(path) as store:
        pipeline.process(store, [CORPUS], processes=1)
    reference = snapshot(path)
    assert len(reference["stories"]) >= 2 and any(reference["links"].values())
    assert reference["failures"] == []
    return reference


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[LoopbackCluster]:
    started = start_cluster(tmp_path / "cluster")
    try:
        yield started
    finally:
        started.stop()


def _unknown_to_the_cluster(*args: Any, **kwargs: Any) -> Any:
    """A story computation the cluster cannot load (this test module is not on its
    path): every task that carries it fails there, whatever the retries."""
    raise AssertionError("never runs")


@needs_dask
def test_a_dask_cluster_gives_what_one_process_gives(
    cluster: LoopbackCluster, single: dict[str, Any], tmp_path: Path, corpus: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from distributed import Client, get_task_stream

    out = tmp_path / "out"
    with (
        Client(cluster.address, timeout=STARTUP, set_as_default=False) as watcher,
        get_task_stream(watcher) as tasks,  # every task the scheduler ran meanwhile
    ):
        status = main(["run", str(corpus), "--out", str(out), "-q",
                       "--scheduler", cluster.address])
    assert status == 0 and (out / "report.html").exists()
    assert snapshot(out / DB_FILE) == single
    # Every pooled stage ran on the workers, and both workers took part.
    ran = {(t["key"].rsplit("-", 5)[0], t["worker"]) for t in tasks.data}
    assert {name for name, _ in ran} == {"_worker", "embed_texts", "_claims_task", "_story_task"}
    assert len({worker for _, worker in ran}) == 2

    # A story whose task fails on the cluster is that story's recorded failure, not a
    # failed run; it keeps its previous results.
    monkeypatch.setattr(pipeline, "story_results", _unknown_to_the_cluster)
    failures: list[Any] = []
    stories = sorted(single["stories"])
    engine = connect(cluster.address)
    try:
        with Store(out / DB_FILE) as store:
            assert pipeline.update_stories(
                store, stories, engine=engine, failures=failures
            ) == len(stories)
            assert sorted(f.item_id for f in store.list_failures()) == stories
            assert all(store.story_results(s) == single["results"][s] for s in stories)
    finally:
        engine.close()
    assert sorted(f.item_id for f in failures) == stories
    assert all(f.reason.startswith("its task failed on the cluster: ") for f in failures)


@needs_dask
def test_a_worker_killed_mid_run_changes_nothing(
    cluster: LoopbackCluster, single: dict[str, Any], tmp_path: Path, corpus: Path
) -> None:
    from distributed import Client

    from storydesk.engine.dask_engine import DaskEngine

    class KillsAWorker(DaskEngine):
        """Kills a busy worker when the first task's result comes back, while the
        other tasks of the analysis are still out."""

        killed: str | None = None

        def _outcome(self, future: Any) -> Any:
            if self.killed is None:
                busy = {w: len(keys) for w, keys in self.client.processing().items()}
                victim = max(sorted(busy), key=lambda w: busy[w])
                assert busy[victim] > 0, busy  # it dies with a task on its hands
                pid = self.client.run(os.getpid, workers=[victim])[victim]
                index = next(i for i, p in enumerate(cluster.workers) if pid in _family(p.pid))
                cluster.kill_worker(index)
                self.killed = victim
            return super()._outcome(future)

    client = Client(cluster.address, timeout=STARTUP, set_as_default=False)
    engine = KillsAWorker(client)
    try:
        with Store(tmp_path / "killed.sqlite") as store:
            summary = pipeline.process(store, [corpus], engine=engine)
        assert engine.killed is not None
        assert engine.killed not in client.nthreads()  # the other worker did the rest
    finally:
        engine.close()
    assert summary.stage_failures == []
    assert snapshot(tmp_path / "killed.sqlite") == single


def test_a_cluster_that_loses_every_worker_ends_the_run(
    tmp_path: Path, corpus: Path
) -> None:
    from distributed import Client

    from storydesk.engine import EngineUnavailable
    from storydesk.engine.dask_engine import DaskEngine

    cluster = start_cluster(tmp_path / "cluster", workers=1)

    class LosesItsWorker(DaskEngine):
        """Kills the only worker as the first task's result comes back."""

        def _outcome(self, future: Any) -> Any:
            if cluster.workers[0].poll() is None:
                cluster.kill_worker(0)
            return super()._outcome(future)

    client = Client(cluster.address, timeout=STARTUP, set_as_default=False)
    engine = LosesItsWorker(client, lost_timeout=3.0)
    try:
        started = time.monotonic()
        with pytest.raises(EngineUnavailable, match="no worker for 3 s"), \
                Store(tmp_path / "lost.sqlite") as store:
            pipeline.process(store, [corpus], engine=engine)
        assert time.monotonic() - started < STARTUP
    finally:
        engine.close()
        cluster.stop()
    with Store(tmp_path / "lost.sqlite") as store:  # what was stored is sound
        assert store.count_articles() > 0


def _family(pid: int) -> set[int]:
    """A process and its descendants (a `dask worker` is a nanny and its worker)."""
    import psutil  # a dependency of distributed

    return {pid} | {child.pid for child in psutil.Process(pid).children(recursive=True)}


@needs_dask
def test_an_unreachable_scheduler_is_one_line_and_leaves_no_store(
    tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    db = tmp_path / "s.sqlite"
    started = time.monotonic()
    status = main(["--db", str(db), "add", str(corpus), "-q",
                   "--scheduler", f"tcp://127.0.0.1:{port}", "--connect-timeout", "2"])
    assert status == EXIT_ENGINE
    assert time.monotonic() - started < 30  # given up, not hung
    error = capsys.readouterr().err
    assert error.startswith(f"storydesk: cannot reach the Dask scheduler at tcp://127.0.0.1:{port}")
    assert len(error.strip().splitlines()) == 1
    assert not db.exists()


@needs_dask
def test_a_scheduler_without_workers_is_refused(tmp_path: Path) -> None:
    from distributed import LocalCluster

    with (
        LocalCluster(n_workers=0, processes=False, dashboard_address=None) as empty,
        pytest.raises(EngineUnavailable, match="has no worker"),
    ):
        connect(empty.scheduler_address, timeout=1)


def test_workers_on_other_code_are_refused() -> None:
    from storydesk.code_version import code_version
    from storydesk.engine.opening import _check_workers

    class Cluster:
        def wait_for_workers(self, n: int, timeout: float) -> None:
            pass

        def run(self, fn: Any) -> dict[str, str]:
            return {"tcp://10.0.0.1:1": fn(), "tcp://10.0.0.2:1": "0.0.1+0123456789ab"}

        def run_on_scheduler(self, fn: Any) -> str:
            return str(fn())

    with pytest.raises(EngineUnavailable) as refused:
        _check_workers(Cluster(), "tcp://sched:8786", 1)  # type: ignore[arg-type]
    message = str(refused.value)
    assert "tcp://10.0.0.2:1 runs 0.0.1+0123456789ab" in message
    assert "tcp://10.0.0.1:1" not in message and code_version() in message


def test_the_usual_path_does_not_import_dask() -> None:
    code = (
        "import sys, storydesk.cli, storydesk.pipeline\n"
        "from storydesk.engine import open_engine\n"
        "open_engine(None, 2).close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))"
    )
    environment = dict(os.environ, PYTHONPATH=str(SOURCE))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=environment, check=True, timeout=120)
    assert out.stdout.strip() == "[]"
