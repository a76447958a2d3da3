"""Text utilities: normalisation, tokens with offsets, paragraphs and sentences, shingles."""
from .normalise import STOPWORDS, Token, content_words, normalise, tokens, words
from .sentences import split_paragraphs, split_sentences

__all__ = ["normalise", "tokens", "words", "Token", "content_words", "STOPWORDS",
           "split_sentences", "split_paragraphs"]
