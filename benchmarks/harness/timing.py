"""Timing a page: sequential requests (median, p95), a concurrent load, and how busy the rest of the machine was."""
from __future__ import annotations

import math
import os
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from harness.server import Browser


@dataclass
class Trial:
    """One pass over a page: sequential timings, then the load."""

    median_ms: float | None = None
    p95_ms: float | None = None
    rps: float | None = None
    load_errors: int = 0
    other_cpu: float = 0.0  # share of all CPUs used by other processes meanwhile
    errors: list[str] = field(default_factory=list)


def cpu_busy(seconds: float = 2.0) -> float:
    """Share of all CPUs (0 to 1) in use over ``seconds``, from /proc/stat: other work on the box skews every figure."""

    def sample() -> tuple[int, int]:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return sum(fields), fields[3] + fields[4]  # total, idle + iowait

    total0, idle0 = sample()
    time.sleep(seconds)
    total1, idle1 = sample()
    return 1 - (idle1 - idle0) / max(1, total1 - total0)


def wait_until_quiet(limit: float, threshold: float = 0.15) -> float:
    """Wait (up to ``limit`` seconds) for the machine to be nearly idle; returns the last busy share seen."""
    deadline = time.monotonic() + limit
    busy = cpu_busy()
    while busy > threshold and time.monotonic() < deadline:
        busy = cpu_busy(5.0)
    return busy

def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile: with 20 samples, p95 is the 19th fastest."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def time_page(browser: Browser, url: str, requests: int, trial: Trial,
              before: Callable[[], None] | None = None) -> None:
    for _ in range(2):  # warm-up: template loading, connection set-up in each worker
        browser.request(url)
    samples = []
    for _ in range(requests):
        if before:
            before()  # not timed
        started = time.perf_counter()
        status, _ = browser.request(url)
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200:
            trial.errors.append(f"sequential request answered {status}")
            continue
        samples.append(elapsed)
    if samples:
        trial.median_ms = statistics.median(samples)
        trial.p95_ms = percentile(samples, 95)


def load_page(browser: Browser, url: str, seconds: float, clients: int, trial: Trial,
              before: Callable[[], None] | None = None) -> None:
    ok = [0] * clients
    bad = [0] * clients
    stop_at = time.monotonic() + seconds

    def run(slot: int) -> None:
        while time.monotonic() < stop_at:
            if before:
                before()  # inside the load's clock: requests per second include it
            status, _ = browser.request(url)
            if status == 200:
                ok[slot] += 1
            else:
                bad[slot] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    trial.rps = sum(ok) / (time.monotonic() - started)
    trial.load_errors = sum(bad)
    if trial.load_errors:
        trial.errors.append(f"{trial.load_errors} non-200 answers under load")


class OtherCpu:
    """CPU used meanwhile by processes that are not the benchmark's own (this process, gunicorn and its workers,
    PostgreSQL backends of the benchmark database): a test run on the same 2 cores skews every figure."""

    def __init__(self, gunicorn_pid: int, db_name: str) -> None:
        self.own = {os.getpid(), gunicorn_pid}
        self.db_name = db_name
        self.hz = os.sysconf("SC_CLK_TCK")

    def _others(self) -> dict[int, int]:
        jiffies = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                stat = Path(entry.path, "stat").read_text()
                cmdline = Path(entry.path, "cmdline").read_bytes()
            except OSError:
                continue  # it ended meanwhile
            fields = stat.rsplit(")", 1)[1].split()  # after "pid (name)": state, ppid, ... utime is the 12th
            pid, ppid = int(entry.name), int(fields[1])
            if pid in self.own or ppid in self.own or self.db_name.encode() in cmdline:
                continue
            jiffies[pid] = int(fields[11]) + int(fields[12])
        return jiffies

    def __enter__(self) -> OtherCpu:
        self.started, self.before = time.monotonic(), self._others()
        return self

    def __exit__(self, *exc: object) -> None:
        after, elapsed = self._others(), time.monotonic() - self.started
        used = sum(j - self.before.get(pid, 0) for pid, j in after.items())
        self.share = used / self.hz / (elapsed * (os.cpu_count() or 1))


def measure(browser: Browser, url: str, *, requests: int, load_seconds: float, clients: int, rounds: int,
            watch: OtherCpu, before: Callable[[], None] | None = None) -> Trial:
    """Measure ``rounds`` times and keep the pass that other processes disturbed least."""
    best: Trial | None = None
    for _ in range(rounds):
        trial = Trial()
        with watch:
            time_page(browser, url, requests, trial, before)
            load_page(browser, url, load_seconds, clients, trial, before)
        trial.other_cpu = watch.share
        if best is None or trial.other_cpu < best.other_cpu:
            best = trial
    return best or Trial()
