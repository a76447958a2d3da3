"""added_run: the share of the derived words in its longest stretch of consecutive added sentences."""
from redline import Article, Comparer

SOURCE = ("The harbour board approved a new ferry timetable on Monday after months of complaints. "
          "Boats will leave every forty minutes during the summer season. "
          "The chair said the change would cost nothing extra.")
ADDED = ("A rare orange butterfly was photographed in a mountain meadow by a retired teacher. "
         "Local walkers have reported seeing it twice since the spring.")
BETWEEN = ("The harbour board approved a new ferry timetable on Monday after months of complaints. "
           "A rare orange butterfly was photographed in a mountain meadow by a retired teacher. "
           "Boats will leave every forty minutes during the summer season. "
           "Local walkers have reported seeing it twice since the spring.")

lexical = Comparer(semantic=False, explain=False)


def comparison(text: str):
    return lexical.compare(sources=[Article("s", SOURCE)], derived=Article("d", text))


def run(text: str) -> float:
    return comparison(text).features["added_run"]


def test_copy_has_no_added_run_and_unrelated_text_is_one_run():
    assert run(SOURCE) == 0.0
    assert run(ADDED) == 1.0


def test_one_block_counts_whole_and_scattered_sentences_apart():
    block = comparison(SOURCE + " " + ADDED)
    labels = [m.label for m in block.derived_sentences]
    assert labels == ["verbatim"] * 3 + ["added"] * 2
    words = [len(m.text.split()) for m in block.derived_sentences]
    assert abs(block.features["added_run"] - sum(words[3:]) / sum(words)) < 0.02
    assert 0.0 < run(BETWEEN) < block.features["added_run"]
