"""The one way redline reads a URL: an HTTP(S) client with a deadline, caps and a target policy.

A fetch has one wall-clock deadline for the whole exchange (DNS, connect, TLS, headers, body,
redirects): a watchdog shuts the socket down when it passes, because a server that drips one byte
a second never trips a per-read timeout. Bodies are read with a size cap and decompressed with size
and ratio caps. Every host is resolved once and every address checked before connecting, after each
redirect too, and the connection goes to the address that was checked (no second lookup, so DNS
rebinding cannot swap it), with the Host header and TLS SNI of the URL. Loopback, private,
link-local, multicast, reserved and metadata-service addresses are refused unless the policy
allows private targets (``--allow-private`` on the command line).
"""
from __future__ import annotations

import contextlib
import contextvars
import http.client
import ipaddress
import socket
import ssl
import string
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from email.message import Message
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from .. import limits
from .._version import __version__
from ..errors import InputError

REDIRECTS = (301, 302, 303, 307, 308)
METADATA = frozenset(map(ipaddress.ip_address, ("169.254.169.254", "fd00:ec2::254")))
CGNAT = ipaddress.ip_network("100.64.0.0/10")
NAT64 = ipaddress.ip_network("64:ff9b::/96")
CHUNK = 64 * 1024
INFLATE_STEP = 1024 * 1024  # decompressed bytes per step: the caps are checked between steps
_HOST_CHARS = set(string.ascii_letters + string.digits + "-._")
_PATH_SAFE = "".join(c for c in string.punctuation if c != "%") + "%"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, in the system's order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True)
class FetchPolicy:
    """What a fetch may do. ``allow_private`` lets URLs reach loopback and private addresses."""
    allow_private: bool = False
    deadline: float = field(default_factory=lambda: limits.FETCH_DEADLINE)
    connect_timeout: float = field(default_factory=lambda: limits.FETCH_CONNECT_TIMEOUT)
    read_timeout: float = field(default_factory=lambda: limits.FETCH_READ_TIMEOUT)
    max_bytes: int = field(default_factory=lambda: limits.MAX_INPUT_BYTES)
    max_redirects: int = field(default_factory=lambda: limits.FETCH_MAX_REDIRECTS)
    resolver: Resolver = system_resolver


_current: contextvars.ContextVar[FetchPolicy | None] = contextvars.ContextVar("redline_fetch_policy", default=None)


def current_policy() -> FetchPolicy:
    return _current.get() or FetchPolicy()


@contextlib.contextmanager
def fetch_policy(policy: FetchPolicy | None = None, **changes: Any) -> Iterator[FetchPolicy]:
    """Every URL read inside the block (by any reader or command) follows this policy."""
    chosen = replace(policy or current_policy(), **changes)
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


def user_agent() -> str:
    return f"redline/{__version__} (+https://github.com/redline)"


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    headers: Message
    body: bytes  # decompressed


@dataclass(frozen=True)
class Target:
    url: str
    https: bool
    host: str  # ASCII (IDNA), no brackets
    port: int
    path: str  # path and query, ASCII


def shown(url: object, limit: int = 200) -> str:
    """A URL fit for a one-line message: control characters escaped, long ones cut."""
    text = ascii(str(url))[1:-1] if not str(url).isprintable() else str(url)
    return text if len(text) <= limit else text[:limit] + "…"


def parse_target(url: str) -> Target:
    """The parts of an http(s) URL; InputError with one line for anything malformed."""
    name = shown(url)
    if len(url) > limits.MAX_URL_CHARS:
        raise InputError(name, f"URL is longer than {limits.MAX_URL_CHARS} characters")
    if any(c.isspace() or not c.isprintable() for c in url):
        raise InputError(name, "URL contains spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InputError(name, f"malformed URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise InputError(name, f"only http and https URLs are fetched, not {scheme or 'a URL without scheme'}")
    if not parts.hostname:
        raise InputError(name, "URL has no host")
    if parts.username is not None:
        raise InputError(name, "URLs with a user name or password are not fetched")
    host = _ascii_host(parts.hostname, name)
    if port == 0:
        raise InputError(name, "port 0 is not a port to fetch from")
    query = f"?{quote(parts.query, safe=_PATH_SAFE)}" if parts.query else ""
    path = quote(parts.path or "/", safe=_PATH_SAFE) + query
    return Target(url, scheme == "https", host, port or (443 if scheme == "https" else 80), path)


def _ascii_host(host: str, name: str) -> str:
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        raise InputError(name, "host is not a valid domain name") from None
    if not set(ascii_host) <= _HOST_CHARS or ".." in ascii_host or ascii_host.startswith((".", "-")):
        raise InputError(name, "host is not a valid domain name")
    return ascii_host


def refusal(address: str) -> str | None:
    """Why a fetch from this address is refused by default, or None for a public address."""
    ip = ipaddress.ip_address(address.split("%")[0])
    for candidate in (*_embedded_ipv4(ip), ip):
        why = _special(candidate)
        if why:
            return why
    return None


def _special(ip: IPAddress) -> str | None:
    if ip in METADATA:
        return "cloud metadata service"
    for name, hit in (("loopback", ip.is_loopback), ("unspecified", ip.is_unspecified),
                      ("link-local", ip.is_link_local), ("multicast", ip.is_multicast),
                      ("carrier-grade NAT", ip.version == 4 and ip in CGNAT), ("private", ip.is_private),
                      ("reserved", ip.is_reserved), ("non-public", not ip.is_global)):
        if hit:
            return name
    return None


def _embedded_ipv4(ip: IPAddress) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries: mapped, compatible, NAT64, 6to4, Teredo."""
    if ip.version != 4 and int(ip) >> 32 in (0, 0xFFFF) and int(ip) > 1:
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    if ip.version != 4 and ip in NAT64:
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    if ip.version != 4:
        return [a for a in (ip.sixtofour, *(ip.teredo or ())) if a is not None]
    return []


class _Expired(Exception):
    pass


class _Watchdog:
    """Shuts the current socket down when the deadline passes, whatever the socket is waiting for."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.fired = False
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(seconds, 0), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def left(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0 or self.fired:
            raise _Expired
        return left

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sock = sock
            if self.fired:
                self._shut()

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            self._shut()

    def _shut(self) -> None:
        if self._sock is not None:
            with contextlib.suppress(OSError):
                socket.socket.shutdown(self._sock, socket.SHUT_RDWR)  # the plain socket's, also under TLS

    def cancel(self) -> None:
        self._timer.cancel()


class _Connection(http.client.HTTPConnection):
    """HTTP(S) to an address checked beforehand; Host header and SNI are the URL's host."""

    def __init__(self, target: Target, address: str, policy: FetchPolicy, watchdog: _Watchdog):
        super().__init__(target.host, target.port, timeout=policy.read_timeout)
        self.address, self.policy, self.watchdog, self.https = address, policy, watchdog, target.https
        self.default_port = 443 if target.https else 80  # the Host header leaves the default port out

    def connect(self) -> None:
        wait = min(self.policy.connect_timeout, self.watchdog.left())
        sock = socket.create_connection((self.address, self.port), timeout=wait)
        self.watchdog.watch(sock)
        sock.settimeout(min(self.policy.read_timeout, self.watchdog.left()))
        if self.https:
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=self.host,
                                                            do_handshake_on_connect=False)
            self.watchdog.watch(sock)
            sock.do_handshake()
        self.sock = sock


def fetch(url: str, policy: FetchPolicy | None = None) -> Response:
    """The response to GET ``url`` under ``policy`` (the current one by default); InputError naming
    the URL, on one line, for anything that goes wrong."""
    policy = policy or current_policy()
    watchdog = _Watchdog(policy.deadline)
    try:
        return _follow(url, policy, watchdog)
    except (_Expired, OSError, http.client.HTTPException, ValueError) as exc:
        if watchdog.fired or isinstance(exc, _Expired):
            raise InputError(shown(url), f"timed out (no complete response within {policy.deadline:g} s)") from None
        raise InputError(shown(url), _problem(exc, policy)) from None
    except InputError:
        if watchdog.fired:
            raise InputError(shown(url), f"timed out (no complete response within {policy.deadline:g} s)") from None
        raise
    finally:
        watchdog.cancel()


def _follow(url: str, policy: FetchPolicy, watchdog: _Watchdog) -> Response:
    seen: set[str] = set()
    current = url
    for hop in range(policy.max_redirects + 1):
        try:
            target = parse_target(current)
            seen.add(target.url)
            addresses = _addresses(target, policy, watchdog)
        except InputError as exc:
            if hop == 0:
                raise
            raise InputError(shown(url), f"redirect to {exc}") from None
        conn, response = _exchange(target, addresses, policy, watchdog)
        try:
            if response.status not in REDIRECTS:
                if response.status >= 400:
                    raise InputError(shown(url), f"HTTP error {response.status} ({shown(response.reason, 80)})")
                body = _read_body(response, policy, watchdog, shown(url))
                watchdog.left()  # a body cut short by the deadline is no body
                return Response(current, response.msg, body)
            location = response.getheader("Location")
        finally:
            conn.close()
        if not location:
            raise InputError(shown(url), f"HTTP {response.status} redirect without a Location")
        current = urljoin(current, location.strip())
        if current in seen:
            raise InputError(shown(url), f"redirect loop (back to {shown(current)})")
    raise InputError(shown(url), f"more than {policy.max_redirects} redirects")


def _addresses(target: Target, policy: FetchPolicy, watchdog: _Watchdog) -> list[str]:
    """Every address of the target's host; all must pass the policy."""
    addresses = _resolve(target, policy.resolver, watchdog)
    if not policy.allow_private:
        for address in addresses:
            why = refusal(address)
            if why:
                where = target.host if target.host == address else f"{target.host} resolves to {address},"
                raise InputError(shown(target.url), f"refused: {where} a {why} address "
                                                    "(use --allow-private to fetch it)")
    return addresses


def _resolve(target: Target, resolver: Resolver, watchdog: _Watchdog) -> list[str]:
    """The resolver's answer within the deadline (a lookup cannot be interrupted: it runs aside)."""
    answer: list[list[str] | Exception] = []

    def lookup() -> None:
        try:
            answer.append(resolver(target.host, target.port))
        except Exception as exc:  # handed to the caller's thread below
            answer.append(exc)

    worker = threading.Thread(target=lookup, daemon=True)
    worker.start()
    worker.join(watchdog.left())
    if not answer:
        raise _Expired
    if isinstance(answer[0], Exception):
        if isinstance(answer[0], (socket.gaierror, UnicodeError)):
            raise InputError(shown(target.url), f"cannot be reached (host {target.host} not found)")
        raise answer[0]
    if not answer[0]:
        raise InputError(shown(target.url), f"cannot be reached (host {target.host} has no address)")
    return answer[0]


def _exchange(target: Target, addresses: list[str], policy: FetchPolicy,
              watchdog: _Watchdog) -> tuple[_Connection, http.client.HTTPResponse]:
    """An open connection and the response headers, from the first address that answers."""
    headers = {"User-Agent": user_agent(), "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
               "Accept-Encoding": "gzip, deflate", "Connection": "close"}
    for k, address in enumerate(addresses):
        conn = _Connection(target, address, policy, watchdog)
        try:
            conn.request("GET", target.path, headers=headers)
            return conn, conn.getresponse()
        except OSError:
            conn.close()
            if k == len(addresses) - 1:
                raise
        except BaseException:
            conn.close()
            raise
    raise AssertionError("unreachable: _resolve returns at least one address")


def _read_body(response: http.client.HTTPResponse, policy: FetchPolicy, watchdog: _Watchdog, name: str) -> bytes:
    cap = policy.max_bytes
    declared = (response.getheader("Content-Length") or "").strip()
    if declared.isdigit() and int(declared) > cap:
        raise InputError(name, f"response is larger than {cap} bytes ({declared} declared)")
    inflater = _Inflater.for_encoding(response.getheader("Content-Encoding"), name, cap)
    body = bytearray()
    received = 0
    while chunk := response.read1(CHUNK):
        watchdog.left()
        received += len(chunk)
        if received > cap:
            raise InputError(name, f"response is larger than {cap} bytes")
        body += inflater.feed(chunk) if inflater else chunk
        if len(body) > cap:
            raise InputError(name, f"response is larger than {cap} bytes once decompressed")
    if inflater:
        inflater.finish()
    return bytes(body)


class _Inflater:
    """gzip or deflate, decompressed a bounded piece at a time: a bomb fails fast in little memory."""

    def __init__(self, wbits: int, name: str, cap: int):
        self.z, self.name, self.cap = zlib.decompressobj(wbits), name, min(cap, limits.MAX_DECOMPRESSED_BYTES)
        self.fed = self.out = 0

    @classmethod
    def for_encoding(cls, encoding: str | None, name: str, cap: int) -> _Inflater | None:
        coding = (encoding or "identity").strip().lower()
        if coding in ("identity", ""):
            return None
        if coding in ("gzip", "x-gzip"):
            return cls(zlib.MAX_WBITS | 16, name, cap)
        if coding == "deflate":
            return cls(zlib.MAX_WBITS | 32, name, cap)  # zlib-wrapped; raw deflate is tried on failure
        raise InputError(name, f"unsupported Content-Encoding {shown(coding, 40)}")

    def feed(self, data: bytes) -> bytes:
        out = bytearray()
        while data and not self.z.eof:
            try:
                piece = self.z.decompress(data, self._room())
            except zlib.error:
                if self.out or self.fed:
                    raise InputError(self.name, "compressed response is corrupt") from None
                self.z = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate, as some servers send
                piece = self._raw(data)
            self.fed += len(data) - len(self.z.unconsumed_tail)
            self.out += len(piece)
            out += piece
            self._check()
            data = self.z.unconsumed_tail
        return bytes(out)

    def _room(self) -> int:
        return min(INFLATE_STEP, self.cap - self.out + 1)

    def _raw(self, data: bytes) -> bytes:
        try:
            return self.z.decompress(data, self._room())
        except zlib.error:
            raise InputError(self.name, "compressed response is corrupt") from None

    def _check(self) -> None:
        if self.out > self.cap:
            raise InputError(self.name, f"compressed response expands past {self.cap} bytes (a decompression bomb?)")
        if limits.expands_too_much(self.fed, self.out):
            raise InputError(self.name, f"compressed response expands more than {limits.MAX_COMPRESSION_RATIO}:1 "
                                        "(a decompression bomb?)")

    def finish(self) -> None:
        if not self.z.eof and self.out:
            raise InputError(self.name, "compressed response is truncated")


def _problem(exc: BaseException, policy: FetchPolicy) -> str:
    """One line on why a fetch failed."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate not accepted ({exc.verify_message})"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error ({exc.reason or exc.__class__.__name__})"
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return f"timed out (no data for {policy.read_timeout:g} s)"
    if isinstance(exc, http.client.IncompleteRead):
        return "connection closed before the whole response arrived"
    if isinstance(exc, http.client.RemoteDisconnected):
        return "server closed the connection without a response"
    if isinstance(exc, http.client.HTTPException):
        return f"malformed HTTP response ({exc.__class__.__name__})"
    if isinstance(exc, OSError):
        return f"cannot be reached ({exc.strerror or exc.__class__.__name__})"
    return f"cannot be fetched ({' '.join(str(exc).split()) or exc.__class__.__name__})"
