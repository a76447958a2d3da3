"""``redline serve``: the web app over a corpus (compare, search, stories, the desk, ingest)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from ..errors import InputError
from .common import ALLOW_PRIVATE_HELP

# Connections and requests at once before new ones are answered 503 at once: enough for a
# newsroom and a load test of 50 clients, few enough that a flood of slow clients cannot hold
# every file descriptor; an idle keep-alive connection is closed after KEEP_ALIVE_S.
LIMIT_CONCURRENCY = 256
KEEP_ALIVE_S = 15


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_cmd)


def serve_cmd(
    db: Path = typer.Option(Path("corpus.db"), "--db", help="The corpus database (created empty when missing)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; beyond this machine needs a token."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
    config: Path | None = typer.Option(None, "--config",
                                       help="A TOML file with a [web] table (token, outlets, policy, keep_days)."),
    outlet: list[str] | None = typer.Option(None, "--outlet", help="Our outlet, for the desk view (repeat)."),
    policy: str | None = typer.Option(None, "--policy", help="Terms the desk checks copies against: auto "
                                                             "(the source's own) or a built-in policy name."),
    semantic: bool = typer.Option(False, "--semantic/--no-semantic",
                                  help="Use sentence embeddings in comparisons (the model loads once)."),
    allow_private: bool = typer.Option(False, "--allow-private", help=ALLOW_PRIVATE_HELP),
    workers: int | None = typer.Option(None, "--workers", min=0, help="Processes that run comparisons "
                                       "(default: one per CPU; 0: threads of the server process)."),
) -> None:
    """Serve the web app: compare, search the corpus, stories, the licensing desk, ingest.

    \b
    Example:
      redline serve --db corpus.db --port 8000
    """
    import uvicorn

    from ..web.app import create_app
    from ..web.config import check_bind, is_loopback, load_config, loopback_hosts, run_token

    cfg = load_config(db, config, outlets=tuple(outlet or ()), policy=policy,
                      semantic=bool(semantic), allow_private=allow_private or None,
                      processes=(os.cpu_count() or 1) if workers is None else workers, hosts=loopback_hosts(host),
                      forms_need_token=not is_loopback(host) or None)
    check_bind(host, cfg.token)
    if cfg.policy != "auto":
        from ..license import load_policy
        load_policy(cfg.policy)  # refuse an unknown policy now, not on the desk page
    _check_port(host, port)
    fresh = run_token(cfg)
    if not db.exists():
        print(f"redline: {db} does not exist; serving a new empty corpus there", file=sys.stderr)
    app = create_app(fresh)
    if fresh.token != cfg.token:
        print(f"redline: API token for this run (write endpoints): {fresh.token}", file=sys.stderr)
    shown = f"[{host}]" if ":" in host else host
    print(f"redline: serving {db} at http://{shown}:{port}/ (Ctrl-C stops)", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False,
                limit_concurrency=LIMIT_CONCURRENCY, timeout_keep_alive=KEEP_ALIVE_S)


def _check_port(host: str, port: int) -> None:
    """A port another program holds is one line here, not uvicorn's log after start-up."""
    import socket
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        with socket.socket(infos[0][0], socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(infos[0][4])
    except OSError as exc:
        raise InputError(f"{host}:{port}", f"cannot listen ({exc.strerror or exc})") from None
