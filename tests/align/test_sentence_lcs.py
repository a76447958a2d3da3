"""sentence_lcs: how closely matched sentences keep their sources' words and word order."""
from redline import Article, Comparer

SOURCE = ("The harbour board approved a new ferry timetable on Monday after months of complaints. "
          "Boats will leave every forty minutes during the summer season. "
          "The chair said the change would cost nothing extra.")
LIGHT = ("The harbour board passed a new ferry timetable on Monday after months of grumbling. "
         "Boats will depart every forty minutes during the summer months. "
         "The chair said the change would cost nothing more.")
SHUFFLED = ("After months of complaints on Monday, a new ferry timetable was approved by the harbour board. "
            "During the summer season, every forty minutes, boats will leave. "
            "Nothing extra would the change cost, the chair said.")
UNRELATED = "A rare orange butterfly was photographed in a mountain meadow by a retired teacher."

lexical = Comparer(semantic=False, explain=False)


def score(text: str) -> float:
    return lexical.compare(sources=[Article("s", SOURCE)], derived=Article("d", text)).features["sentence_lcs"]


def test_copy_scores_one_and_unmatched_text_zero():
    assert score(SOURCE) == 1.0
    assert score(UNRELATED) == 0.0


def test_word_swaps_keep_more_than_reordering():
    assert 0.0 < score(SHUFFLED) < score(LIGHT) < 1.0
