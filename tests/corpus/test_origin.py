"""The origin decision: trace names the text a copy was taken from, siblings apart, "no source" when none."""
import json

import numpy as np
from conftest import A_ADDED, WIRE, text
from rich.console import Console

from redline.corpus import Corpus, CorpusSettings
from redline.corpus.origin import choose, credits, follow_ups, outlet_kind
from redline.model import Article
from redline.report.trace import render_text

STOCK = "Anyone with information is asked to call police on 101, quoting the incident number."
NETWORK = "Sign up for our morning newsletter to get the day's top stories in your inbox."
C_ADDED = "Dunmore traders said they would hold a meeting of their own on Thursday evening."
OTHER = ["Firefighters in Penhallow rescued a dog trapped on a cliff ledge for two days.",
         "The crew used ropes to lower a volunteer thirty metres down the rock face.",
         "The owner said the spaniel had chased a rabbit over the edge during a walk."]


def wire():
    return Article("ap-1", "MARLOW, England (AP) — " + text(*WIRE[:6], STOCK), outlet="The Associated Press",
                   date="2026-03-01T06:00", meta={"outlet_kind": "wire"})


def paper_a():  # a print copy: the agency's dateline dropped, its credit and the paper's footer added
    return Article("gazette-a", text(WIRE[0], WIRE[1], WIRE[2], WIRE[3], WIRE[5],
                                     "This story was provided by The Associated Press.", NETWORK),
                   outlet="Marlow Gazette", date="2026-03-02")


def paper_c():  # a web copy keeping the dateline, with a sentence of its own and the agency's credit
    return Article("times-c", "MARLOW, England (AP) — " + text(WIRE[0], WIRE[1], WIRE[3], C_ADDED, WIRE[4],
                                                              "Distributed by The Associated Press."),
                   outlet="Dunmore Times", date="2026-03-01T09:00")


def blog_b():  # a copy of the web copy, with its added sentence
    return Article("blog-b", text(WIRE[0], WIRE[1], C_ADDED, WIRE[4], "This article first appeared in Dunmore Times."),
                   outlet="Estuary Blog", date="2026-03-01T15:00")


def other():  # another story with the same stock sentence and network footer
    return Article("dog", text(*OTHER, STOCK, NETWORK), outlet="Penhallow Post", date="2026-03-01")


def test_credits_and_outlet_kinds():
    assert credits("This story was provided by The Associated Press.", "The Associated Press")
    assert credits("LONDON (AP) — The council voted.", "The Associated Press")  # the initials of its dateline
    assert credits("This article first appeared in Dunmore Times.", "Dunmore Times")
    assert not credits("The council said the terminal had lost money.", "Dunmore Times")
    assert outlet_kind(Article("x", "LONDON (Reuters) - A vote.", outlet="Reuters")) == "wire"
    assert outlet_kind(Article("x", "A vote.", outlet="Gazette", meta={"outlet_kind": "print"})) == "print"
    assert outlet_kind(Article("x", "A vote.", outlet="Marlow Gazette")) is None


def test_the_wire_is_the_source_and_other_copies_are_siblings(corpus):
    corpus.add([wire(), paper_a(), paper_c(), other()])
    result = corpus.trace("gazette-a")
    assert result["verdict"] == "source found" and [s["id"] for s in result["sources"]] == ["ap-1"]
    sibling = next(s for s in result["siblings"] if s["id"] == "times-c")
    assert sibling["origin"] == "ap-1" and sibling["role"] == "sibling" and sibling["reasons"]
    assert result["sources"][0]["reasons"] and "dog" not in {s["id"] for s in result["sources"]}


def test_a_copy_of_a_copy_names_the_copy_with_the_text_only_it_had(corpus):
    corpus.add([wire(), paper_a(), paper_c(), blog_b()])
    result = corpus.trace("blog-b")
    source = result["sources"][0]
    assert source["id"] == "times-c"
    assert [t["text"] for t in source["only_text"]] == [C_ADDED]
    blog = blog_b().text
    assert all(blog[t["start"]:t["end"]] == t["text"] for t in source["only_text"])
    assert any(s["id"] == "ap-1" and s["role"] == "upstream" for s in result["sources"])


def test_lineage_agrees_with_trace(corpus):
    corpus.add([wire(), paper_a(), paper_c(), blog_b()])
    graph, _ = corpus.lineage("ap-1", explain=False)
    edges = {(e["source"], e["target"]) for e in graph["edges"]}
    assert edges == {("ap-1", "gazette-a"), ("ap-1", "times-c"), ("times-c", "blog-b")}  # no sibling edge
    assert [n["id"] for n in graph["nodes"] if n["root"]] == ["ap-1"]
    for node in graph["nodes"]:
        if node["parent"]:
            assert node["parent"] == corpus.trace(node["id"])["sources"][0]["id"]
    copy_edge = next(e for e in graph["edges"] if e["target"] == "blog-b")
    assert copy_edge["only_text"] and copy_edge["took_added"] >= 3 and copy_edge["share"] == 1.0


def test_no_source_when_only_stock_text_is_shared(tmp_path):
    # the stock sentence and the footer recur across unrelated stories: document frequency marks them
    corpus = Corpus(tmp_path / "c.db", CorpusSettings(max_df=3), semantic=False)
    corpus.add([wire(), paper_c(), *unrelated(5)])
    result = corpus.trace(other())
    assert result["sources"] == [] and result["verdict"] == "no source in this corpus"
    assert all(r["role"] == "related" for r in result["related"])
    corpus.close()


def unrelated(n):
    topics = ["a bakery fire", "a lost hiker", "a school roof", "a burst water main", "a stolen tractor", "a bus crash"]
    return [Article(f"news-{k}", text(f"Police in Ashby are looking into {topics[k]} reported on Monday morning.",
                                      f"Officers said the report of {topics[k]} came in shortly before nine.",
                                      STOCK, NETWORK), outlet=f"Paper {k}", date="2026-02-01") for k in range(n)]


def test_siblings_of_a_missing_origin_are_not_sources(corpus):
    corpus.add([paper_c()])  # the wire is not in the corpus: both copies credit it
    result = corpus.trace(paper_a())
    assert result["sources"] == [] and result["verdict"] == "no source in this corpus"
    assert [s["id"] for s in result["siblings"]] == ["times-c"]
    assert any("credit" in r for r in result["siblings"][0]["reasons"])


def test_a_stock_sentence_and_a_shared_footer_do_not_join_stories(tmp_path):
    corpus = Corpus(tmp_path / "c.db", CorpusSettings(max_df=3), semantic=False)
    corpus.add([wire(), paper_a(), other(), *unrelated(5)])
    groups = {tuple(g["members"]) for g in corpus.clusters(min_size=2)}
    assert groups == {("ap-1", "gazette-a")}
    corpus.close()


# ---------------------------------------------------------------- an origin that is not in the corpus

def web_copy(aid, outlet, sentences, date, dateline="", credit=None):
    """A web page's text as extracted: headline-free body, a byline, the paper's own footer."""
    body = text(f"By {outlet} staff", dateline + sentences[0], *sentences[1:],
                *([credit] if credit else []), f"© 2026 {outlet}. All rights reserved.")
    return Article(aid, body, outlet=outlet, date=date, meta={"outlet_kind": "web"})


def test_an_article_crediting_a_missing_agency_has_no_source_here(corpus):
    # two papers ran one AP story; the AP text is not in the corpus and only the article credits AP
    herald = web_copy("herald", "Fenwick Herald", [WIRE[0], WIRE[1], WIRE[3], WIRE[4], WIRE[6]], "2026-03-01T08:10")
    corpus.add([herald, other()])
    article = web_copy("echo", "Dunmore Echo", [WIRE[0], WIRE[1], WIRE[2], WIRE[3], WIRE[5]], "2026-03-01T09:40",
                       credit="This story was provided by The Associated Press.")
    result = corpus.trace(article)
    assert result["sources"] == [] and result["verdict"] == "no source in this corpus"
    assert result["absent_origin"] == "Associated Press"
    assert [s["id"] for s in result["siblings"]] == ["herald"]
    assert any("Associated Press" in r and "not in this corpus" in r for r in result["siblings"][0]["reasons"])
    console = Console(record=True, width=200)
    render_text(result, console)
    assert "no source in this corpus (its origin, Associated Press, is not in it)" in console.export_text()


def test_a_copy_keeping_a_missing_agencys_dateline_is_a_sibling(corpus):
    # the candidate keeps Reuters' dateline and credits it (a copy of Reuters); the article credits no one
    herald = web_copy("herald", "Fenwick Herald", WIRE[:6], "2026-03-01T08:10", dateline="MARLOW (Reuters) — ",
                      credit="Distributed by Reuters.")
    corpus.add([herald])
    article = web_copy("echo", "Dunmore Echo", [WIRE[0], WIRE[1], WIRE[3], WIRE[4], WIRE[6]], "2026-03-01T11:00")
    result = corpus.trace(article)
    assert result["sources"] == [] and result["absent_origin"] == "Reuters"


def test_an_agency_text_under_another_outlet_name_is_still_the_source(corpus):
    # the same text without a credit line and without an outlet kind may be Reuters' own, filed under
    # another name (a domain, a brand): its dateline alone does not make it a copy
    herald = Article("herald", "MARLOW (Reuters) — " + text(*WIRE[:6]), outlet="marlow-news.example",
                     date="2026-03-01T08:10")
    corpus.add([herald])
    article = web_copy("echo", "Dunmore Echo", [WIRE[0], WIRE[1], WIRE[3], WIRE[4], WIRE[6]], "2026-03-01T11:00",
                       dateline="MARLOW (Reuters) — ")
    result = corpus.trace(article)
    assert result["verdict"] == "source found" and result["sources"][0]["id"] == "herald"


def test_copies_each_keeping_part_of_a_missing_origin_are_siblings(corpus):
    # no credits, no datelines: the article holds text the best candidate lacks and another copy kept,
    # and the best candidate holds text of the article that copy lacks
    # (two print editions of one day: neither came first)
    corpus.add([web_copy("herald", "Fenwick Herald", WIRE[:5], "2026-03-02"),
                web_copy("post", "Harrow Post", [WIRE[0], WIRE[5], WIRE[6], WIRE[7]], "2026-03-02")])
    article = web_copy("echo", "Dunmore Echo", [WIRE[0], WIRE[1], WIRE[2], WIRE[3], WIRE[6], WIRE[7]],
                       "2026-03-02T11:00")
    result = corpus.trace(article)
    assert result["sources"] == [] and result["verdict"] == "no source in this corpus"
    assert {s["id"] for s in result["siblings"]} == {"herald", "post"} and result["absent_origin"] is None


def test_a_credited_copy_is_the_source_though_its_origin_is_missing(corpus):
    # the wire is missing, but the article credits the copy it took (with that copy's added sentence)
    times = web_copy("times", "Dunmore Times", [WIRE[0], WIRE[1], C_ADDED, WIRE[3], WIRE[4]], "2026-03-01T09:00",
                     dateline="MARLOW (AP) — ", credit="This story was provided by The Associated Press.")
    herald = web_copy("herald", "Fenwick Herald", WIRE[:6], "2026-03-01T08:10", dateline="MARLOW (AP) — ")
    corpus.add([times, herald])
    blog = web_copy("blog", "Estuary Blog", [WIRE[0], C_ADDED, WIRE[3], WIRE[4]], "2026-03-01T15:00",
                    credit="This article first appeared in Dunmore Times.")
    result = corpus.trace(blog)
    assert result["verdict"] == "source found" and result["sources"][0]["id"] == "times"


def test_the_credited_agency_found_in_the_corpus_is_the_source(corpus):
    # the same article as above, with the AP text in the corpus: it is the source, the paper a sibling
    herald = web_copy("herald", "Fenwick Herald", [WIRE[0], WIRE[1], WIRE[3], WIRE[4], WIRE[6]], "2026-03-01T08:10")
    corpus.add([wire(), herald])
    article = web_copy("echo", "Dunmore Echo", [WIRE[0], WIRE[1], WIRE[2], WIRE[3], WIRE[5]], "2026-03-01T09:40",
                       credit="This story was provided by The Associated Press.")
    result = corpus.trace(article)
    assert result["verdict"] == "source found" and result["sources"][0]["id"] == "ap-1"
    assert "absent_origin" not in result


def test_a_one_sentence_brief_keeping_only_names_has_its_source(tmp_path):
    # no sentence of the brief matches one of the wire's, but it keeps the wire's names and rare words,
    # which no other story's text holds
    corpus = Corpus(tmp_path / "c.db", semantic=False)
    corpus.add([wire(), *unrelated(5)])
    brief = Article("brief", "Varley axes Fenwick crossing; Dunmore commuters face Harrow detour.",
                    outlet="Evening Brief", date="2026-03-02")
    result = corpus.trace(brief)
    assert result["verdict"] == "source found" and result["sources"][0]["id"] == "ap-1"
    assert any("rare words" in r for r in result["sources"][0]["reasons"])
    stray = Article("stray", "Tottering Fenwick barn in Penzance collapses after storm, farmer says.",
                    outlet="Evening Brief", date="2026-03-02")
    assert corpus.trace(stray)["sources"] == []
    corpus.close()


def _holds(*sets, width=12):
    out = np.zeros((len(sets), width), bool)
    for k, s in enumerate(sets):
        out[k, list(s)] = True
    return out


def test_the_origin_is_chosen_only_for_text_it_shares_with_the_copy():
    anc = np.array([[0.0, -0.6], [0.6, 0.0]])  # candidate 1 is candidate 0's origin
    holds = _holds({0, 1, 2, 3, 4}, {0, 1, 2, 3, 4, 5})
    assert choose(0, holds, anc, [False, False], 3)[0] == 1
    # a short rewrite kept three shingles of the copy, one of them the origin's: that proves nothing
    holds = _holds({0, 1, 2}, {2, 7, 8})
    assert choose(0, holds, anc, [False, False], 3)[0] == 0


def test_a_text_of_another_story_is_no_peer_to_move_to():
    holds = _holds({0, 1, 2, 3, 4}, set(range(10)))
    anc = np.zeros((2, 2))
    assert choose(0, holds, anc, [False, False], 3, story=np.ones((2, 2), bool))[0] == 1
    assert choose(0, holds, anc, [False, False], 3, story=np.eye(2, dtype=bool))[0] == 0


def test_a_later_days_follow_up_holding_all_the_article_took_is_its_source():
    family = [{"date": "2026-03-01T09:00"}, {"date": "2026-03-02T08:00"}, {"date": "2026-03-02T10:00"}]
    anc = np.array([[0.0, 0.6, 0.6], [-0.6, 0.0, 0.6], [-0.6, -0.6, 0.0]])
    follow = follow_ups(family, [0, 0, 1], anc, "2026-03-03")
    assert follow.tolist() == [[False, True, False], [False, False, False], [False, False, False]]
    assert not follow_ups(family, [0, 0, 1], anc, "2026-03-02").any()  # the follow-up may not have been out
    holds = _holds({0, 1, 2, 3, 4}, {0, 1, 2, 3, 4}, {0, 1, 2})
    assert choose(1, holds, anc, [False] * 3, 3)[0] == 0  # without dates: the origin
    pick, why = choose(1, holds, anc, [False] * 3, 3, follow=follow)
    assert pick == 1 and not why
    assert choose(0, holds, anc, [False] * 3, 3, follow=follow)[0] == 1


def test_moves_that_lead_back_to_a_candidate_already_passed_leave_the_best_scored_one():
    # 0: the wire; 1 and 2: two copies of it by one paper (counted together against the wire). The
    # article holds three shingles only copy 2 has (a paraphrase that happens to agree), so the walk goes
    # to the paper, then to copy 1, which holds nothing the wire lacks: the way back to the wire closes
    # a loop, and the text does not settle it; the best-scored candidate, the wire, stands
    anc = np.array([[0.0, 1.1, 0.7], [-1.1, 0.0, -0.3], [-0.7, 0.3, 0.0]])
    holds = _holds(set(range(20)), set(range(20)), {0, 1, 2, 20, 21, 22}, width=30)
    pick, why = choose(0, holds, anc, [False] * 3, 3, groups=[0, 1, 1])
    assert pick == 0
    assert why and "lead back" in why[-1]


FESTIVAL = ["The Harbour Lights festival drew about twelve thousand visitors to Penhallow over the weekend.",
            "Organisers said the lantern parade along the quay was the largest in the event's twenty years.",
            "Local bakers sold out of saffron buns by Saturday lunchtime, according to stallholders.",
            "A brass band from Truro led the procession past the lifeboat station on Sunday evening.",
            "The town council paid for extra buses from the railway station for the first time.",
            "Councillor Mary Tregarthen said the festival brought welcome trade in a quiet month.",
            "Volunteers collected more than two hundred bags of litter from the beach on Monday.",
            "Officials said the harbour road would stay closed until further notice while crews carried out repairs.",
            "Next year's festival is planned for the second weekend of October, organisers said."]
ROADWORKS = ["Water engineers were called to Ashby high street on Tuesday after a pipe burst under the pavement.",
             "Shops along the street lost their supply for most of the morning.",
             "Officials said the high street would remain closed until further notice while repairs were carried out.",
             "The water company apologised to customers and promised compensation where it was due."]


def test_one_sentence_rewritten_alike_in_another_story_is_no_source(tmp_path):
    # the festival report shares one stock line, in other words, with a roadworks story, and nothing else:
    # the roadworks story is not its source
    corpus = Corpus(tmp_path / "c.db", semantic=False)
    corpus.add([Article("roads", text(*ROADWORKS), outlet="Ashby Echo", date="2026-09-01"), *unrelated(4)])
    festival = web_copy("festival", "Penhallow Post", FESTIVAL, "2026-10-05")
    result = corpus.trace(festival)
    assert result["sources"] == [] and result["verdict"] == "no source in this corpus"
    roads = next(r for r in result["related"] if r["id"] == "roads")
    assert any("rewritten alike" in r for r in roads["reasons"])
    # the same sentence in a brief of three: a short rewrite may keep one sentence of its source
    brief = web_copy("brief", "Ashby Brief", [ROADWORKS[2].replace("remain", "stay"), "Shops lost their supply.",
                                               "The water company apologised."], "2026-09-02")
    assert corpus.trace(brief)["sources"][0]["id"] == "roads"
    corpus.close()


def _valid(data: dict, kind: str) -> None:
    from redline.schemas import stamped, validate
    validate(json.loads(json.dumps(stamped(data))), kind)


def test_traces_and_lineage_of_copies_without_titles_follow_the_published_schema(corpus):
    # siblings, an upstream origin, a copy's own addition (only_text), an origin that is not in the corpus
    # and related texts: every key trace writes is in docs/json.md, and a missing headline is null
    from redline.report.lineage import to_json
    corpus.add([wire(), paper_a(), paper_c(), blog_b(), other()])
    for aid in ("ap-1", "gazette-a", "times-c", "blog-b", "dog"):
        _valid(corpus.trace(aid), "trace")
    graph, _ = corpus.lineage("gazette-a", explain=False)
    _valid(json.loads(to_json(graph)), "lineage")
    keys = {k for s in corpus.trace("blog-b")["sources"] for k in s}
    assert {"only_text", "took_only"} <= keys and corpus.trace("blog-b")["sources"][0]["title"] is None
    missing = web_copy("echo", "Dunmore Echo", WIRE[:5], "2026-03-02T09:40",
                       credit="This story was provided by Harbour Wire.")
    result = corpus.trace(missing)
    _valid(result, "trace")


def test_an_agency_version_the_text_cannot_tell_apart_is_named_beside_the_source(corpus):
    # the agency's update adds a last paragraph; the paper kept only the first four sentences, which
    # both versions hold word for word: the earlier version is chosen and the update named as tied
    update = Article("ap-2", "MARLOW, England (AP) — " + text(*WIRE[:6], STOCK, WIRE[7]),
                     outlet="The Associated Press", date="2026-03-01T09:00", meta={"outlet_kind": "wire"})
    corpus.add([wire(), update, other()])
    article = web_copy("echo", "Dunmore Echo", WIRE[:4], "2026-03-02T08:00")
    source = corpus.trace(article)["sources"][0]
    assert source["id"] == "ap-1" and source["tied_with"] == ["ap-2"]
    assert any("does not tell it from ap-2" in r for r in source["reasons"])
    _valid(corpus.trace(article), "trace")
    # a copy that kept the update's paragraph is the update's, and nothing is tied with it
    later = web_copy("post", "Fenwick Post", [*WIRE[:4], WIRE[7]], "2026-03-02T08:00")
    source = corpus.trace(later)["sources"][0]
    assert source["id"] == "ap-2" and "tied_with" not in source


def test_two_papers_carrying_the_same_credit_line_are_not_each_others_source(corpus):
    # both ran the wire the same hour with a sentence of their own and the same credit line: the line
    # is page chrome, not text only they hold, so neither is the other's source and lineage draws no
    # edge between them
    stamp = "This story was provided by The Associated Press."
    corpus.add([wire(),
                web_copy("c1", "Paper One", [*WIRE[:5], C_ADDED], "2026-03-01T12:00", credit=stamp),
                web_copy("c2", "Paper Two", [*WIRE[:5], A_ADDED], "2026-03-01T12:00", credit=stamp)])
    for aid, other in (("c1", "c2"), ("c2", "c1")):
        result = corpus.trace(aid)
        assert result["sources"][0]["id"] == "ap-1"
        assert other not in {s["id"] for s in result["sources"]}
    graph, _ = corpus.lineage("ap-1", explain=False)
    assert {(e["source"], e["target"]) for e in graph["edges"]} == {("ap-1", "c1"), ("ap-1", "c2")}


def test_only_the_chosen_sources_own_origins_are_upstream(corpus):
    # the blog copied the Dunmore Times copy (its added sentence, its credit); the Herald's copy of the
    # wire came out earlier than both but is no origin of the Times: a sibling, not upstream
    herald = web_copy("herald", "Fenwick Herald", WIRE[:6], "2026-03-01T08:10", dateline="MARLOW (AP) — ")
    corpus.add([wire(), paper_c(), herald])
    result = corpus.trace(blog_b())
    assert [(s["id"], s["role"]) for s in result["sources"]] == [("times-c", "primary"), ("ap-1", "upstream")]
    assert "herald" in {s["id"] for s in result["siblings"]}


def test_a_credit_line_of_the_article_outranks_the_agency_dateline_its_text_carries(corpus):
    # "Reposted from the Dunmore Times": the blog took the Times' copy, which kept the AP dateline
    times = web_copy("times", "Dunmore Times", WIRE[:5], "2026-03-01T09:00", dateline="MARLOW (AP) — ")
    corpus.add([wire(), times])
    blog = Article("blog", "Reposted from the Dunmore Times.\n\n" + "MARLOW (AP) — " + text(*WIRE[:5]),
                   outlet="Estuary Blog", date="2026-03-02")
    result = corpus.trace(blog)
    assert [(s["id"], s["role"]) for s in result["sources"]] == [("times", "primary"), ("ap-1", "upstream")]


def test_lineage_orders_a_days_print_edition_after_the_days_timed_wire(corpus):
    corpus.add([wire(), paper_a()])  # the wire at 06:00, the paper dated by day only, the next day
    same_day = Article("gazette-b", text(*WIRE[:5], "This story was provided by The Associated Press."),
                       outlet="Fenwick Gazette", date="2026-03-01")
    corpus.add([same_day])
    graph, _ = corpus.lineage("ap-1", explain=False)
    order = {n["id"]: n["order"] for n in graph["nodes"]}
    assert order["ap-1"] < order["gazette-b"] < order["gazette-a"]



def test_a_brief_sharing_only_common_words_in_a_small_corpus_has_no_source(tmp_path):
    # the shipped example corpus: in eight texts every word is "rare" by document frequency, and the
    # lobster brief shares "month, one, put, said" with a report on 911 calls; it keeps none of its names
    from pathlib import Path
    corpus = Corpus(tmp_path / "c.db", semantic=False)
    corpus.add([Path(__file__).resolve().parents[2] / "examples" / "corpus.jsonl"])
    result = corpus.trace("coast-news-lobster")
    assert result["sources"] == [] and result["verdict"] == "no source in this corpus"
    corpus.close()
