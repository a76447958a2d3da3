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
def running_server(db: Path, *extra: str, start_timeout: float = 120, repo: Path = REPO):
    """The server of ``repo``'s source tree (another checkout: a baseline run side by side)."""
    port = free_port()
    env = {**os.environ, "REDLINE_TOKEN": TOKEN,
           "PYTHONPATH": f"{Path(repo) / 'src'}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    proc = subprocess.Popen([sys.executable, "-c", "from redline.cli import main; main()", "serve", "--db", str(db),
                             "--port", str(port), *extra], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
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
