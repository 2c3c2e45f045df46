"""Running one `storydesk` command for bench_hostile.py, watched from outside: wall
and CPU seconds, peak memory of its whole process group, a time limit (a hang) and a
memory ceiling (so one runaway input cannot take the machine down), and how it ended.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from test_crash_safety import CLI, cli_env

TRACEBACK = "Traceback (most recent call last)"
# Above this the child is killed and the input counts as a crash: the target is 1 GB,
# and the machine is shared.
MEMORY_CEILING_MB = 3072
_TICK = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")
_SUMMARY = re.compile(r"read (\d+) articles \((\d+) new, (\d+) updated, (\d+) already stored\)")


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    cpu: float
    peak_mb: float
    hung: bool = False
    over_memory: bool = False


def _high_water_mb(pid: str) -> float:
    """Peak resident memory of one process since it started its program (VmHWM)."""
    try:
        with open(f"/proc/{pid}/status") as stream:
            for line in stream:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _group_usage(group: int) -> tuple[float, float]:
    """(resident MB, CPU seconds) of the live processes in a process group: the larger
    of their summed resident memory now and the highest peak of any one of them."""
    rss = cpu = high = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stream:
                fields = stream.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        # fields[0] is the state (field 3 of stat(5)); pgrp is field 5, utime/stime
        # 14/15, cutime/cstime 16/17 (workers already reaped), rss 24 (pages).
        if int(fields[2]) != group:
            continue
        cpu += sum(int(f) for f in fields[11:15]) / _TICK
        rss += int(fields[21]) * _PAGE / (1024 * 1024)
        high = max(high, _high_water_mb(entry))
    return max(rss, high), cpu


def run_cli(argv: list[str], *, wall_limit: float, cpu_limit: float, logs: Path, name: str) -> Ran:
    """Run `storydesk ARGV` (in its own process group, stdin closed) to its end, or kill
    the group when it runs past `wall_limit` seconds or `cpu_limit` CPU seconds (a
    hang) or past the memory ceiling."""
    out_path, err_path = logs / f"{name}.out", logs / f"{name}.err"
    with out_path.open("w") as out, err_path.open("w") as err:
        child = subprocess.Popen(
            [*CLI, *argv],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=cli_env(),
            start_new_session=True,
        )
    started = time.monotonic()
    peak = cpu = 0.0
    hung = over = False
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        rss, cpu = _group_usage(child.pid)
        peak = max(peak, rss)
        hung = time.monotonic() - started > wall_limit or cpu > cpu_limit
        over = rss > MEMORY_CEILING_MB
        if hung or over:
            os.killpg(child.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(child.pid, 0)
            break
        time.sleep(0.1)
    seconds = time.monotonic() - started
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGKILL)  # a worker it left behind, if any
    return Ran(
        returncode=child.returncode,
        stdout=out_path.read_text(errors="replace"),
        stderr=err_path.read_text(errors="replace"),
        seconds=seconds,
        cpu=max(cpu, usage.ru_utime + usage.ru_stime),
        # Not ru_maxrss: Linux carries it over from the forking parent (this bench, which
        # may have grown while making an input) across exec; VmHWM starts afresh.
        peak_mb=peak,
        hung=hung,
        over_memory=over,
    )


def traceback_tail(text: str, lines: int = 3) -> str:
    """The last traceback in `text` in one line: its innermost `lines - 1` frames (where
    it was raised) and the exception."""
    start = text.rfind(TRACEBACK)
    if start < 0:
        return ""
    body = text[start:].splitlines()[1:]
    for i, line in enumerate(body):
        if line and not line[0].isspace():  # the exception line is not indented
            frames = [f.strip() for f in body[:i] if f.strip().startswith("File ")]
            frames = [re.sub(r'File ".*?/(site-packages|src)/', 'File "', f) for f in frames]
            return " | ".join([*(frames[-(lines - 1) :] if lines > 1 else []), line.strip()])
    return body[-1].strip() if body else ""


def _reason(line: str) -> str:
    """'  FAILED  /tmp/x/in/a.txt: cannot decode' -> 'a.txt: cannot decode'."""
    words = line.strip().split(None, 1)
    rest = words[1] if len(words) > 1 else line
    where, _, why = rest.partition(": ")
    return f"{Path(where).name}: {why}" if why else rest


def classify(ran: Ran, store_codes: set[int]) -> tuple[str, str]:
    """How a run ended: stored / stored, some failed (an input) / stored, stage failed
    (an article a stage gave up on) / skipped / failed / ok (a command that only reads)
    / store error / crash / hang, and the one-line reason."""
    text = ran.stdout + "\n" + ran.stderr
    if ran.hung:
        return "hang", f"killed after {ran.seconds:.0f} s ({ran.cpu:.0f} s CPU)"
    if ran.over_memory:
        return "crash", f"over {MEMORY_CEILING_MB} MB resident, killed"
    if TRACEBACK in text:
        return "crash", traceback_tail(text, 1)
    if ran.returncode < 0:
        return "crash", f"killed by signal {-ran.returncode}"
    errors = [line.strip() for line in ran.stderr.splitlines() if line.strip()]
    if ran.returncode in store_codes:
        return "store error", f"exit {ran.returncode}: {errors[-1] if errors else ''}"
    if ran.returncode not in (0, 1, 2):
        return "crash", f"exit {ran.returncode}: {errors[-1] if errors else ''}"
    lines = ran.stdout.splitlines()
    # Read failures come first; the stage failures follow the "left out by a stage" line.
    marker = next((i for i, line in enumerate(lines) if "left out by a stage" in line), None)
    reading = lines if marker is None else lines[:marker]
    staged = [] if marker is None else lines[marker:]
    failed = [_reason(line) for line in reading if line.startswith("  FAILED")]
    stage_failed = [line.strip().removeprefix("FAILED").strip() for line in staged
                    if line.startswith("  FAILED")]  # fmt: skip
    skipped = [_reason(line) for line in reading if line.startswith("  skipped")]
    found = _SUMMARY.search(ran.stdout)
    added = int(found.group(2)) + int(found.group(3)) if found else 0
    if stage_failed:
        return "stored, stage failed", f"{added} stored; {stage_failed[0]}"
    if added:
        if failed:
            return "stored, some failed", f"{added} stored; {failed[0]}"
        return "stored", f"{added} stored" + (f"; skipped {skipped[0]}" if skipped else "")
    if failed:
        return "failed", failed[0]
    if skipped:
        return "skipped", skipped[0]
    if ran.returncode == 0:
        return ("stored", "0 new (already stored)") if found else ("ok", "exit 0")
    return "failed", f"exit {ran.returncode}: {errors[-1] if errors else ''}"
