"""direction's shared-quote count (one string search per quote) equals the plain pair loop."""
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from redline.align.direction import _fuller

WORDS = ["we", "will", "not", "cut", "the", "port", "w", ""]


def plain(short, long):
    return sum(1 for x in short for y in long if x and x in y and len(y) > len(x) + 3)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 100_000), st.integers(0, 8), st.integers(0, 8))
def test_fuller_is_the_plain_loop(seed, n, m):
    rng = random.Random(seed)
    quote = lambda: " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 6))).strip()  # noqa: E731
    short, long = [quote() for _ in range(n)], [quote() for _ in range(m)]
    assert _fuller(short, long) == plain(short, long)
