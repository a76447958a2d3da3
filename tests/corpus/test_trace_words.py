"""The word index (SQLite FTS5, BM25) and the print-editions date rule in `trace`."""
from dataclasses import replace

from conftest import UNRELATED, WIRE, text

from redline.corpus import Corpus
from redline.corpus.schema import SCHEMA
from redline.corpus.trace import possible_source, rare_terms, word_query
from redline.model import Article

# a one-sentence brief of the wire story: its names, none of its word 3-grams
BRIEF = "Agnes Varley's councillors will shut Fenwick's crossing, pushing Dunmore commuters onto buses."
# stories that share stock phrases with the brief but not its names
STOCK = [
    text("Strikes will put rail commuters onto buses for a week, the operator said on Monday.",
         "Engineers plan to use the closure to replace two bridges and a mile of track."),
    text("Town councillors will shut two car parks in the spring to make room for new housing.",
         "Shop owners said the loss of parking would cost them trade."),
]
# other news, so that the ferry story's names are rarer in the corpus than the stock words (as in a real one)
TOWNS = ["Ashby", "Brackley", "Corwen", "Dalston", "Elgin", "Frome", "Girvan", "Hexham", "Ilkley", "Jarrow"]
TOPICS = ["a new swimming pool", "a cycle lane", "a school extension", "a farmers market", "a wind farm"]


def other_news() -> list[Article]:
    return [Article(f"news-{k}", text(f"Plans for {TOPICS[k % 5]} in {town} were approved by the district planning "
                                       f"committee on Thursday after {k + 3} months of talks.",
                                       f"Councillors in {town} said the work would not shut roads or leave "
                                       "commuters waiting for buses."),
                    date="2026-02-10") for k, town in enumerate(TOWNS)]
HEARD = ["Outside the hall, ferry captain Rhys Morgan told reporters the vote had been decided weeks ago.",
         "He said the crew would hand the council a petition signed by two thousand passengers on Friday.",
         "Morgan added that the crew had offered to take a pay cut to keep the service running.",
         "A second petition, from harbour traders, is due at the council offices next week."]


def test_the_word_index_follows_add_update_and_remove(corpus, chain):
    corpus.add(list(chain.values()))
    lobster = corpus.store.lookup("lobster")
    assert list(corpus.store.word_search('"lobster"')) == [lobster]
    corpus.add([Article("lobster", text(*UNRELATED).replace("lobster", "crab"))])  # same id, new text
    assert corpus.store.word_search('"lobster"') == {}
    assert list(corpus.store.word_search('"crab"')) == [lobster]
    assert corpus.store.word_df(["crab", "lobster", "ferry"]) == {"crab": 1, "lobster": 0, "ferry": 4}
    corpus.remove("lobster")
    assert corpus.store.word_search('"crab"') == {} and corpus.store.word_df(["crab"]) == {"crab": 0}


def test_a_store_made_before_the_word_index_gets_one(tmp_path, chain):
    c = Corpus(tmp_path / "c.db", semantic=False)
    c.add(list(chain.values()))
    with c.store.transaction():
        for trigger in ("words_insert", "words_delete", "words_update"):
            c.store.db.execute(f"DROP TRIGGER {trigger}")
        c.store.db.execute("DROP TABLE words")
        c.store.db.execute("UPDATE meta SET value = '2' WHERE key = 'schema'")
    c.close()
    c = Corpus(tmp_path / "c.db", semantic=False)
    assert c.store.has_words and c.store.meta("schema") == str(SCHEMA)
    assert list(c.store.word_search('"lobster"')) == [c.store.lookup("lobster")]
    c.close()


def test_word_query_keeps_text_order_and_leaves_out_common_and_own_words():
    df = {"varley": 2, "council": 40, "fenwick": 1, "dunmore": 3, "harbour": 0}
    assert rare_terms(df, limit=10) == ["varley", "fenwick", "dunmore"]
    assert rare_terms(df, limit=10, own=True) == ["varley", "dunmore"]  # fenwick: only the article itself
    assert word_query(rare_terms(df, limit=50), size=2) == '"varley" OR "council"'
    assert word_query([]) == ""


def test_a_short_rewrite_is_traced_by_its_names(corpus, chain):
    stock = [Article(f"stock-{k}", t, date="2026-02-20") for k, t in enumerate(STOCK)]
    brief = Article("brief", BRIEF, date="2026-03-03")
    corpus.add([*chain.values(), *stock, *other_news(), brief])
    result = corpus.trace("brief")
    # the lexical comparison finds no sentence of the brief taken from any text, but the ferry story's
    # texts, found by the brief's names, hold its rare words and lead every other story's by far: the
    # best of them is the source of this short rewrite (not the texts sharing stock phrases)
    ferry = ("wire-1", "paper-a", "paper-c", "blog-b")
    assert result["verdict"] == "source found" and result["sources"][0]["id"] in ferry
    assert result["sources"][0]["found_by"] == "words" and result["sources"][0]["words"] > 0.9
    assert any("rare words" in r for r in result["sources"][0]["reasons"])
    corpus.store.has_words = False  # without the word index, stock phrases win
    result = corpus.trace("brief")
    assert result["sources"] == [] and result["related"][0]["id"] not in ferry


def story(corpus):
    wire = Article("wire", text(*WIRE), outlet="Harbour Wire", date="2026-03-01")
    sibling = Article("sibling", text(WIRE[0], WIRE[1], WIRE[2], *HEARD), outlet="Daily Ferry", date="2026-03-02")
    # the article holds the wire's text only through the sibling, and more text the wire lacks
    article = Article("article", text(WIRE[0], WIRE[1], *HEARD), outlet="Estuary Post", date="2026-03-02")
    corpus.add([wire, sibling, article])


def test_print_editions_rule_out_a_same_day_copy(corpus):
    story(corpus)
    sources = corpus.trace("article")["sources"]
    # the sibling came out the same day (no times): it may have come out together with the article, so
    # the wire, known to come first, is the source; the text only the sibling holds makes it a second one
    assert [s["id"] for s in sources] == ["wire", "sibling"] and sources[1]["role"] == "additional"
    assert sources[1]["date_consistent"] is True
    corpus.settings = replace(corpus.settings, same_day_copies=False)
    result = corpus.trace("article")
    assert [s["id"] for s in result["sources"]] == ["wire"]
    sibling = next(s for s in result["related"] if s["id"] == "sibling")
    assert sibling["date_consistent"] is False and any("print editions" in r for r in sibling["reasons"])


def test_print_editions_never_rule_out_a_wire(corpus):
    wire = Article("wire", text(*WIRE[:4]), outlet="Reuters", date="2026-03-02")
    article = Article("article", text(*WIRE[:3]), outlet="Estuary Post", date="2026-03-02")
    corpus.add([wire, article])
    corpus.settings = replace(corpus.settings, same_day_copies=False)
    result = corpus.trace("article")
    assert [s["id"] for s in result["sources"]] == ["wire"] and result["sources"][0]["date_consistent"] is True
    # a web text of the same day may copy a print edition: the rule is for print editions among themselves
    web = Article("web", text(WIRE[0], WIRE[1], WIRE[2], WIRE[6]), outlet="Estuary Online", date="2026-03-02",
                  meta={"outlet_kind": "web"})
    result = corpus.trace(web)
    assert result["sources"][0]["id"] == "wire"  # it took WIRE[6], which only the wire holds
    assert next(s for s in result["siblings"] if s["id"] == "article")["date_consistent"] is True


def test_possible_source_by_date():
    assert possible_source("before") is True and possible_source("after") is False
    assert possible_source("same") is True and possible_source("same", same_day_copies=False) is False
    assert possible_source(None) is None and possible_source(None, same_day_copies=False) is None


def test_trace_cli_print_editions(monkeypatch, capsys, tmp_path):
    import json
    import sys

    from redline.cli import main
    db = tmp_path / "c.db"
    c = Corpus(db, semantic=False)
    story(c)
    c.close()

    monkeypatch.setenv("COLUMNS", "200")

    def trace(*extra):
        monkeypatch.setattr(sys, "argv", ["redline", "trace", "article", "--db", str(db), *extra])
        try:
            main()
        except SystemExit as exc:
            assert not exc.code
        return capsys.readouterr().out

    assert [s["id"] for s in json.loads(trace("--format", "json"))["sources"]] == ["wire", "sibling"]
    assert [s["id"] for s in json.loads(trace("--format", "json", "--print-editions"))["sources"]] == ["wire"]
    assert "same day: print editions" in trace("--print-editions")
