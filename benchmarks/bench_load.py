"""Many people, one server: page and health-check times with and without five Studio trainings at once.

Starts the app, then measures in one run:
1. idle: `/_stcore/health` latency and Home page loads (a new browser session each: seconds until the first
   metric shows and until the script run has finished);
2. one session alone training the Studio's quick leaderboard (all generators, quick preset) on a shipped table:
   the reference time of one job;
3. load: five browser sessions click "Train and compare" on that table within a few seconds of each other.
   While they train or wait, a sixth session loads Home repeatedly and a thread checks the health endpoint
   twice a second. Each training page is read for its queue notice ("Waiting in the queue: place k") or its
   progress, and at the end for its own leaderboard.
Prints p50/p95 of both timings idle and under load, the queue places seen, every job's finish time, and the
total time against five times the one-job reference (target: within 1.5x, i.e. the queue adds little to
running the jobs one after another), also with the sixth session's Home loads counted as work done one after
another. Not a timed test: a figure to read, on a machine whose load is printed.

    python -m benchmarks.bench_load [--sessions 5] [--home-loads 10] [--table "ecommerce.products"]
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

APP_ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
LEADERBOARD = "3 · Leaderboard"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(work_dir: str) -> tuple[subprocess.Popen, str]:
    """`streamlit run` on a free port with a private work folder; returns the process and its URL."""
    port = _free_port()
    env = {**os.environ, "AIGC_LAB_WORK_DIR": work_dir}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=APP_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                return server, url
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("the app did not start")


def health_seconds(url: str) -> float:
    started = time.perf_counter()
    urllib.request.urlopen(f"{url}/_stcore/health", timeout=60).read()
    return time.perf_counter() - started


class HealthProbe(threading.Thread):
    """Checks the health endpoint every `interval` seconds until stopped; keeps every latency."""

    def __init__(self, url: str, interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.url, self.interval, self.seconds = url, interval, []
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                self.seconds.append(health_seconds(self.url))
            except OSError:
                self.seconds.append(60.0)
            self._stop_event.wait(self.interval)

    def stop(self) -> list[float]:
        self._stop_event.set()
        self.join(5)
        return self.seconds


def wait_idle(page, timeout_ms: int = 180_000) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout_ms)


def home_load(browser, url: str) -> tuple[float, float]:
    """A new session opens Home: seconds to the first metric, and to the end of the script run."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url, timeout=300_000)
    page.locator("[data-testid='stMetric']").first.wait_for(timeout=300_000)
    first = time.perf_counter() - started
    wait_idle(page, 300_000)
    done = time.perf_counter() - started
    context.close()
    return first, done


def open_studio(browser, url: str, table: str):
    """A new session on the Studio with `table` picked; returns (context, page)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{url}/Synthetic_Data_Studio", timeout=300_000)
    wait_idle(page)
    picker = page.get_by_role("combobox", name="Table to learn from")
    picker.click()
    page.keyboard.type(table)
    page.keyboard.press("Enter")
    wait_idle(page)
    return context, page


def train(page) -> float:
    page.get_by_role("button", name="Train and compare").click()
    return time.perf_counter()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def summary(name: str, values: list[float]) -> str:
    return (f"{name:<38} p50 {statistics.median(values):6.2f} s   p95 {percentile(values, 0.95):6.2f} s   "
            f"max {max(values):6.2f} s   (n={len(values)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--home-loads", type=int, default=10)
    parser.add_argument("--table", default="ecommerce.products")
    args = parser.parse_args()

    print(f"machine: {os.cpu_count()} cores, load average before start {os.getloadavg()[0]:.2f}")
    server, url = start_server(tempfile.mkdtemp(prefix="aigc-lab-load-"))
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            home_load(browser, url)  # warm-up: the first load imports the app's modules
            idle_health = [health_seconds(url) for _ in range(20)]
            idle_home = [home_load(browser, url) for _ in range(args.home_loads)]

            # Reference: one job alone.
            context, page = open_studio(browser, url, args.table)
            started = train(page)
            page.get_by_role("heading", name=LEADERBOARD).wait_for(timeout=1_800_000)
            alone_seconds = time.perf_counter() - started
            context.close()
            print(f"one quick leaderboard alone on {args.table}: {alone_seconds:.1f} s")

            # Load: several sessions start at (nearly) the same moment.
            sessions = [open_studio(browser, url, args.table) for _ in range(args.sessions)]
            probe = HealthProbe(url)
            probe.start()
            clicks = [train(page) for _, page in sessions]
            first_click = clicks[0]
            loaded_home: list[tuple[float, float]] = []
            places: dict[int, set[int]] = {index: set() for index in range(len(sessions))}
            finished: dict[int, float] = {}
            while len(finished) < len(sessions):
                for index, (_, page) in enumerate(sessions):
                    if index in finished:
                        continue
                    text = page.inner_text("body")
                    match = re.search(r"Waiting in the queue: place (\d+)", text)
                    if match:
                        places[index].add(int(match.group(1)))
                    if page.get_by_role("heading", name=LEADERBOARD).count():
                        finished[index] = time.perf_counter() - first_click
                if len(loaded_home) < args.home_loads:
                    loaded_home.append(home_load(browser, url))
                else:
                    time.sleep(1.0)
                if time.perf_counter() - first_click > 3600:
                    raise SystemExit("the jobs did not finish within an hour")
            loaded_health = probe.stop()
            total_seconds = max(finished.values())
            # Privacy: every session has its own work link, and none is offered another session's work.
            tokens = {re.search(r"work=([\w-]+)", page.url).group(1) for _, page in sessions}
            offered = sum(page.get_by_role("button", name=re.compile("^Reopen")).count() for _, page in sessions)
            isolated = len(tokens) == len(sessions) and offered == 0
            for context, _ in sessions:
                context.close()
            browser.close()
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)

    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    print(summary("health, idle", idle_health))
    print(summary(f"health, {args.sessions} trainings", loaded_health))
    print(summary("Home first metric, idle", [first for first, _ in idle_home]))
    print(summary(f"Home first metric, {args.sessions} trainings", [first for first, _ in loaded_home]))
    print(summary("Home fully rendered, idle", [done for _, done in idle_home]))
    print(summary(f"Home fully rendered, {args.sessions} trainings", [done for _, done in loaded_home]))
    print("queue places seen per session: " + ", ".join(
        f"#{index + 1}: {sorted(seen) or 'started at once'}" for index, seen in places.items()))
    print("jobs finished after (s): " + ", ".join(f"{finished[index]:.0f}" for index in sorted(finished)))
    reference = args.sessions * alone_seconds
    print(f"total {total_seconds:.0f} s vs {args.sessions} x one job alone {reference:.0f} s: "
          f"ratio {total_seconds / reference:.2f} (target <= 1.5)")
    # The sixth session's Home loads share the same two cores during the run; one after another, they would
    # take their idle time too.
    home_work = statistics.mean(done for _, done in idle_home) * len(loaded_home)
    print(f"total {total_seconds:.0f} s vs the same work one after another ({reference:.0f} s of jobs + "
          f"{home_work:.0f} s of Home loads): ratio {total_seconds / (reference + home_work):.2f}")
    print(f"home first metric p95 under load {percentile([f for f, _ in loaded_home], 0.95):.2f} s (target <= 5); "
          f"health p95 under load {percentile(loaded_health, 0.95):.2f} s (target <= 1)")
    print(f"sessions kept apart (own work link each, no other session's work offered): {isolated}")


if __name__ == "__main__":
    main()
