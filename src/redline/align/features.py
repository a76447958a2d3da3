"""Per-sentence word features, computed once per sentence list."""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Sentence
from ..text.normalise import STOPWORDS, Token, sentence_tokens


@dataclass(frozen=True)
class SentenceFeatures:
    sentence: Sentence
    toks: tuple[Token, ...]
    words: tuple[str, ...]
    content: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    flat: str

    @property
    def size(self) -> int:
        return len(self.words)


def featurise(sentence: Sentence) -> SentenceFeatures:
    toks = sentence_tokens(sentence.text, sentence.start)
    words = tuple([t.norm for t in toks])
    every = frozenset(words)
    content = every - STOPWORDS or every
    bigrams = frozenset(zip(words, words[1:]))
    return SentenceFeatures(sentence, toks, words, content, bigrams, " ".join(words))


def featurise_all(sentences: list[Sentence]) -> list[SentenceFeatures]:
    return [featurise(s) for s in sentences]

