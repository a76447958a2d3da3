"""Every resource limit in one place: input sizes, decompression, JSON depth, fetch deadlines,
article length. Readers, the fetcher, the store and the commands import these names; nothing
else hard-codes a limit. Environment variables let an operator raise them without a code change.
"""
from __future__ import annotations

import os


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def _env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


MIB = 1024 * 1024

# One input (a file, a URL's body, one WARC record, standard input), read with a cap: never st_size.
MAX_INPUT_BYTES = _env_int("REDLINE_MAX_INPUT_BYTES", 50 * MIB)
# Decompressed bytes out of one gzip stream (a .warc.gz, a gzipped HTTP body), and the largest
# expansion ratio allowed once past MIN_RATIO_CHECK bytes: a 1 MB bomb must not take gigabytes.
MAX_DECOMPRESSED_BYTES = _env_int("REDLINE_MAX_DECOMPRESSED_BYTES", 2048 * MIB)
MAX_COMPRESSION_RATIO = _env_int("REDLINE_MAX_COMPRESSION_RATIO", 200)
MIN_RATIO_CHECK = 16 * MIB


def expands_too_much(packed: int, unpacked: int) -> bool:
    """A decompression bomb: past MIN_RATIO_CHECK bytes out, more than MAX_COMPRESSION_RATIO times
    the compressed bytes that went in (one rule for gzip WARC members and HTTP bodies)."""
    return unpacked > MIN_RATIO_CHECK and unpacked > MAX_COMPRESSION_RATIO * max(packed, 1)


# JSON nesting depth accepted in a JSON file or a JSONL line (articles are flat objects).
MAX_JSON_DEPTH = _env_int("REDLINE_MAX_JSON_DEPTH", 64)
# A text with fewer non-space characters or fewer words than this is no article (a stray byte).
MIN_ARTICLE_CHARS = _env_int("REDLINE_MIN_ARTICLE_CHARS", 12)
MIN_ARTICLE_WORDS = _env_int("REDLINE_MIN_ARTICLE_WORDS", 3)
# The longest article body compared; longer ones are refused with a clear message. Measured
# (bench/size_scaling.py, lexical, a 2-core shared machine): two 2 MB articles compare in ~35 s and
# under 1 GB; 5 MB took ~90 s and 1.6 GB, so the limit stays at 2 million characters.
MAX_ARTICLE_CHARS = _env_int("REDLINE_MAX_ARTICLE_CHARS", 2_000_000)
# A "sentence" longer than this (a text with no full stops) is cut at spaces into pieces, so that
# the per-pair string matchers (character ratio, word runs) see bounded inputs.
MAX_SENTENCE_CHARS = _env_int("REDLINE_MAX_SENTENCE_CHARS", 3000)
# Sentence alignment: up to this many (derived x source) sentence pairs every pair is scored;
# past it each derived sentence is scored against its ALIGN_CANDIDATES source sentences sharing
# the most terms held by at most ALIGN_TERM_DF source sentences (linear, not quadratic).
ALIGN_DENSE_PAIRS = _env_int("REDLINE_ALIGN_DENSE_PAIRS", 1_000_000)
ALIGN_CANDIDATES = _env_int("REDLINE_ALIGN_CANDIDATES", 16)
ALIGN_TERM_DF = _env_int("REDLINE_ALIGN_TERM_DF", 100)

# Fetching a URL: a wall-clock deadline for the whole exchange, per-socket timeouts inside it.
FETCH_DEADLINE = _env_float("REDLINE_FETCH_DEADLINE", 30.0)
FETCH_CONNECT_TIMEOUT = _env_float("REDLINE_FETCH_CONNECT_TIMEOUT", 10.0)
FETCH_READ_TIMEOUT = _env_float("REDLINE_FETCH_READ_TIMEOUT", 10.0)
FETCH_MAX_REDIRECTS = _env_int("REDLINE_FETCH_MAX_REDIRECTS", 5)
# The longest URL accepted (as servers commonly allow for a request line).
MAX_URL_CHARS = _env_int("REDLINE_MAX_URL_CHARS", 8192)
# The most characters of one untrusted single-line value (an id, a title, a file name) shown on a
# terminal: Rich folds an unbreakable line in time that grows with the square of its length.
MAX_SHOWN_CHARS = _env_int("REDLINE_MAX_SHOWN_CHARS", 1000)
