"""The web app's settings: where the corpus is, who may write, what counts as "our" outlets.

Read once at start from ``redline serve`` options, an optional TOML file (``[web]`` table) and the
environment (``REDLINE_TOKEN``); nothing here is ever taken from a request.
"""
from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from .. import limits
from ..errors import InputError

TOKEN_ENV = "REDLINE_TOKEN"


@dataclass(frozen=True)
class WebConfig:
    db: Path
    state: Path | None = None          # the app's own SQLite file (results, jobs, settings)
    token: str | None = None           # API writes need it; a non-loopback bind needs one
    outlets: tuple[str, ...] = ()      # "our" outlets, for the desk view (changeable on its page)
    policy: str = "auto"               # licence terms the desk checks copies against
    keep_days: float = 90.0            # how long a permanent link to a comparison lives
    max_input_bytes: int = field(default_factory=lambda: limits.MAX_INPUT_BYTES)
    allow_private: bool = False        # URL fetches may reach private addresses
    semantic: bool | None = False      # sentence embeddings for compares (None: when installed)
    processes: int = 0                 # compare in this many worker processes (0: threads of this one)
    worker_nice: int = 5               # the workers yield the CPU to the server, so pages answer first
    hosts: tuple[str, ...] = ()        # Host header names answered (empty: any); a loopback bind sets them
    forms_need_token: bool = False     # a public bind: the browser's write forms need a sign-in with the token

    @property
    def state_path(self) -> Path:
        return self.state or self.db.with_name(self.db.name + ".web.sqlite")


def load_config(db: Path, path: Path | None = None, **options) -> WebConfig:
    """Options given on the command line win over the TOML file, which wins over the environment."""
    values: dict = {}
    if path is not None:
        values.update(_read_toml(path))
    token = options.pop("token", None) or values.pop("token", None) or os.environ.get(TOKEN_ENV) or None
    named = tuple(str(h).lower() for h in values.pop("hosts", ()))  # e.g. the name a reverse proxy passes
    values.update({k: v for k, v in options.items() if v not in (None, ())})
    if named:
        values["hosts"] = tuple(sorted({*values.get("hosts", ()), *named}))
    if "outlets" in values:
        values["outlets"] = tuple(str(o) for o in values["outlets"])
    if "state" in values:
        values["state"] = Path(values["state"])
    return WebConfig(db=Path(db), token=token, **values)


def _read_toml(path: Path) -> dict:
    import tomllib
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(str(path), f"is not valid TOML ({exc})") from None
    web = data.get("web", data)
    known = {"token", "outlets", "policy", "keep_days", "state", "allow_private", "max_input_bytes", "hosts",
             "worker_nice"}
    unknown = sorted(set(web) - known)
    if unknown:
        raise InputError(str(path), f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    nice = web.get("worker_nice", 0)
    if type(nice) is not int or not 0 <= nice <= 19:
        raise InputError(str(path), f"worker_nice must be a whole number from 0 to 19, not {nice!r}")
    return dict(web)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """A server reachable from other machines must have a token for its write endpoints."""
    if not is_loopback(host) and not token:
        raise InputError(f"--host {host}", f"binding beyond this machine needs a token: set {TOKEN_ENV} "
                                            "or token in the config file (or bind to 127.0.0.1)")


def loopback_hosts(host: str) -> tuple[str, ...]:
    """The names a browser on this machine uses for a loopback bind: any other Host header is a web
    page's DNS rebinding (its domain now resolving to 127.0.0.1) and is refused."""
    if not is_loopback(host):
        return ()
    own = host.lower() if ":" not in host else f"[{host.strip('[]')}]"
    return tuple(sorted({"localhost", "127.0.0.1", "[::1]", own}))


def run_token(config: WebConfig) -> WebConfig:
    """The configured token, or a fresh one for this run (API writes are never open)."""
    from dataclasses import replace
    return config if config.token else replace(config, token=secrets.token_urlsafe(24))
