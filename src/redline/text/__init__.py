"""Text utilities: normalisation, tokens with offsets, paragraphs and sentences, shingles."""
from .normalise import normalise, tokens, words, Token, content_words, STOPWORDS
from .sentences import split_sentences, split_paragraphs

__all__ = ["normalise", "tokens", "words", "Token", "content_words", "STOPWORDS",
           "split_sentences", "split_paragraphs"]
