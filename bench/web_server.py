"""`redline serve` in a child process on a free loopback port, for the web benchmarks."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TOKEN = "bench-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(db: Path, *extra: str, start_timeout: float = 120, repo: Path = REPO, info: dict | None = None):
    """The server of ``repo``'s source tree (another checkout: a baseline run side by side);
    ``info`` gets its process id."""
    port = free_port()
    env = {**os.environ, "REDLINE_TOKEN": TOKEN,
           "PYTHONPATH": f"{Path(repo) / 'src'}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    proc = subprocess.Popen([sys.executable, "-c", "from redline.cli import main; main()", "serve", "--db", str(db),
                             "--port", str(port), *extra], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    if info is not None:
        info["pid"] = proc.pid
    try:
        end = time.time() + start_timeout
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"bench: redline serve exited: {proc.stderr.read().decode()[-1000:]}")
            try:
                urllib.request.urlopen(base + "/static/web.css", timeout=2).read()
                break
            except OSError:
                if time.time() > end:
                    raise SystemExit("bench: redline serve did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def tree_cpu_s(pid: int) -> float | None:
    """CPU seconds (user and system) a process and its live descendants (the compare workers) have
    used; None where /proc cannot tell (not Linux)."""
    procs: dict[int, tuple[int, int]] = {}
    try:
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue  # the process ended meanwhile
                procs[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    except OSError:
        return None
    tree, grew = {pid}, True
    while grew:
        more = {p for p, (parent, _) in procs.items() if parent in tree} - tree
        tree, grew = tree | more, bool(more)
    return sum(procs[p][1] for p in tree if p in procs) / os.sysconf("SC_CLK_TCK")
