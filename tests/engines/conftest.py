"""A small invented corpus for the engine tests: seeded pseudo-word stories, their copies, copies of
copies (so some stories are chains) and unrelated articles."""
import random

import pytest

from redline.model import Article

SYLLABLES = "ka lo mi ner sta vu po reth and ul tri bes gon fa lir dom quen sal ver hap".split()
GLUE = "the of and to a in that was for on with said by at from".split()


def _word(rng):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))


def _sentence(rng, vocab):
    words = [rng.choice(GLUE) if rng.random() < 0.35 else rng.choice(vocab) for _ in range(rng.randint(10, 18))]
    return " ".join(words).capitalize() + "."


def _copy(rng, vocab, sentences, swap):
    kept = [s for s in sentences if rng.random() < 0.8] or sentences[:2]
    out = []
    for s in kept:
        words = s.rstrip(".").split()
        words = [rng.choice(vocab) if rng.random() < swap else w for w in words]
        out.append(" ".join(words).capitalize() + ".")
    if rng.random() < 0.5:
        out.insert(rng.randint(0, len(out)), _sentence(rng, vocab))
    return out


def invented_corpus(stories: int = 6, seed: int = 5) -> list[Article]:
    rng = random.Random(seed)
    vocab = sorted({_word(rng) for _ in range(900)})
    arts = []
    for s in range(stories):
        nodes = [[_sentence(rng, vocab) for _ in range(rng.randint(6, 9))]]
        for _ in range(rng.randint(0, 4)):
            parent = nodes[-1] if rng.random() < 0.4 else nodes[0]  # sometimes a copy of the last copy
            nodes.append(_copy(rng, vocab, parent, swap=rng.choice([0.0, 0.1, 0.3])))
        for k, sentences in enumerate(nodes):
            arts.append(Article(f"s{s}-{k}", "\n\n".join(sentences), outlet=f"Outlet {k}"))
    for u in range(4):
        arts.append(Article(f"other-{u}", "\n\n".join(_sentence(rng, vocab) for _ in range(6))))
    rng.shuffle(arts)
    return arts


@pytest.fixture(scope="module")
def articles():
    return invented_corpus()
