"""When a candidate the comparison matched no sentence of is still a source: a short rewrite's lead."""
from conftest import WIRE, text

from redline.corpus import Corpus
from redline.model import Article

BRIEF = "Varley axes Fenwick crossing; Dunmore commuters face Harrow detour."


def wire():
    return Article("ap-1", "MARLOW, England (AP) — " + text(*WIRE[:6]), outlet="The Associated Press",
                   date="2026-03-01T06:00", meta={"outlet_kind": "wire"})


def unrelated(n):
    topics = ["a bakery fire", "a lost hiker", "a school roof", "a burst water main", "a stolen tractor"]
    return [Article(f"news-{k}", text(f"Police in Ashby are looking into {topics[k]} reported on Monday morning.",
                                      f"Officers said the report of {topics[k]} came in shortly before nine."),
                    outlet=f"Paper {k}", date="2026-02-01") for k in range(n)]


def test_a_text_out_after_the_brief_does_not_hide_its_source(tmp_path):
    # a letters column printed a week after the brief holds its names more densely than the wire does; it
    # cannot be the brief's source, so it does not take the wire's place as the holder of the brief's words
    later = Article("column", text("Varley took questions at our readers' forum on Friday.",
                                   "Letters from Dunmore filled a whole page this week.",
                                   "Fenwick residents asked about the crossing.",
                                   "Others wrote about the Harrow detour, and commuters about parking.",
                                   "The forum meets again next month in the library annexe, and all readers are welcome.",
                                   "Tea and biscuits are served from half past six, and the doors close at nine sharp.",
                                   "Parking is free after six on the square behind the old cinema on weekday evenings."),
                    outlet="Weekly Review", date="2026-03-09")
    corpus = Corpus(tmp_path / "c.db", semantic=False)
    corpus.add([wire(), later, *unrelated(5)])
    result = corpus.trace(Article("brief", BRIEF, outlet="Evening Brief", date="2026-03-02"))
    assert result["verdict"] == "source found" and result["sources"][0]["id"] == "ap-1"
    assert any("rare words" in r for r in result["sources"][0]["reasons"])
    corpus.close()


def test_a_rewrite_keeping_phrases_in_two_sentences_has_its_source(tmp_path):
    # a Sunday feature keeps two phrases of the wire in two of its sentences, and no sentence of it matches
    # one of the wire's; another story's text names the same boatmen and keeps one phrase, in one sentence
    feature = Article("feature", text(
        "Long before anyone in the county chamber moved to close the old Fenwick ferry terminal, the boatmen who "
        "worked the crossing in all weathers had warned, in letters and at public meetings, that nobody upstairs "
        "was listening to them at all.",
        "Their own books, they insist, tell a different tale from the one that says the service lost money for "
        "nine straight years, and the men still ask why those ledgers were never once opened to the families "
        "who paid every fare and every subsidy.",
        "In the town itself, Dunmore's traders fear that the quay will fall silent within a year of the last sailing.",
        "Replacement buses over the Harrow bridge are promised, though nobody has yet seen a timetable."),
        outlet="Sunday Review", date="2026-03-08")
    quay = Article("quay", text(
        "Pleasure boatmen on the quay had a quiet season, with fewer families booking trips round the bay.",
        "Old hands remember the boatmen who worked the crossing in all weathers, though few of them are left now "
        "and most of their trade is summer visitors.",
        "Their letters about fares and subsidy went unanswered, they said at a meeting in the chamber.",
        "The county says the harbour car park will reopen before the summer."), outlet="Coast News", date="2026-03-05")
    corpus = Corpus(tmp_path / "c.db", semantic=False)
    corpus.add([wire(), quay, *unrelated(5)])
    result = corpus.trace(feature)
    source = result["sources"][0]
    assert result["verdict"] == "source found" and source["id"] == "ap-1" and source["matched"] == 0
    assert any("keeps its phrases in 2" in r for r in source["reasons"])
    assert "quay" not in {s["id"] for s in result["sources"]}
    corpus.close()


FUND = ("The Penwith Lifeboat Fund, set up by Ezra Quill in 1962, pays for crews along this coast and takes gifts "
        "at any post office.")


def test_a_stock_sentence_gives_no_rare_words_and_joins_no_stories(tmp_path):
    # a sentence a dozen unrelated notes print word for word is a stock sentence: its names are not the
    # article's, and the notes are not one story because they all print it
    jobs = ["a bakery fire", "a lost hiker", "a school roof", "a burst water main", "a stolen tractor", "a bus crash",
            "a fallen oak", "a flooded cellar", "a missing dog", "a gas leak", "a broken signal", "a stranded van"]
    notes = [Article(f"note-{k}", text(f"Volunteers in Ashby dealt with {job} on Saturday night.",
                                       f"Nobody was hurt, and {job} was cleared by the morning.", FUND),
                     outlet=f"Paper {k}", date="2026-02-01") for k, job in enumerate(jobs)]
    parish = [Article(f"parish-{k}", text(f"The parish council of Upton {k} met on Tuesday to discuss hedges.",
                                          f"Hedge number {k} will be trimmed in the autumn."),
                      outlet="Parish News", date="2026-01-15") for k in range(40)]
    hoard = Article("hoard", text(
        "A farmer ploughing near Tregarth turned up a pot of Roman silver coins on Friday.",
        "Archaeologists from Truro will dig the field before the spring sowing.",
        "The coins carry the heads of three emperors and may have been buried during a raid.",
        "The farmer, who asked not to be named, said his plough had hit the rim of the pot.",
        "A coroner will decide at an inquest in May whether the find counts as treasure.",
        "If it does, a museum may buy it and split the reward between the farmer and the landowner.", FUND),
        outlet="Coast News", date="2026-03-02")
    corpus = Corpus(tmp_path / "c.db", semantic=False)
    corpus.add([wire(), *notes, *parish])
    result = corpus.trace(hoard)
    assert result["sources"] == [] and result["verdict"] == "no source in this corpus"
    corpus.close()


def road_works(*places):
    return Article("works", text("Road menders will close the Harrow road for a week from Monday.",
                                 f"Drivers heading for {' from '.join(places)} face a detour through the hills.",
                                 "The council said the work could not wait until the summer holidays.",
                                 "The surface has broken up after the wettest winter for thirty years.",
                                 "Potholes on the stretch have damaged dozens of cars since January.",
                                 "Insurers say claims for broken axles and burst tyres have doubled."),
                   outlet="Coast News", date="2026-02-20")


def test_a_brief_naming_what_only_its_source_names_has_its_source(tmp_path):
    # another story's text (road works on the Harrow road, a detour for Dunmore) scores more than half as
    # well as the wire; only the wire names all the brief's places
    brief = Article("brief", BRIEF, outlet="Evening Brief", date="2026-03-02")
    corpus = Corpus(tmp_path / "c.db", semantic=False)
    corpus.add([wire(), road_works("Dunmore"), *unrelated(5)])
    result = corpus.trace(brief)
    assert result["verdict"] == "source found" and result["sources"][0]["id"] == "ap-1"
    assert any("names all the article's rare names" in r for r in result["sources"][0]["reasons"])
    corpus.add([road_works("Dunmore", "Fenwick")])  # now it names them all too: the names settle nothing
    assert corpus.trace(brief)["sources"] == []
    corpus.close()
