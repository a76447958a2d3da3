"""Checks on the copy: each requirement's met / unmet / partial / unknown, with evidence."""
from __future__ import annotations

import pytest

from redline.license import check_comparison, load_policy, policy_from_dict
from redline.license.edits import style_only, substantive
from redline.model import Article

BODY = ("The council voted 5-2 on Monday to close the Elm Street library.\n\n"
        '"This was a hard choice," Mayor Jo Park said.\n\n'
        "The branch served about 400 visitors a week.")
SOURCE = Article(id="src", text=BODY + "\n\nRepublish this story: credit the Riverton Civic News Foundation.",
                 title="Council Closes Elm Street Library", byline="By Ana Ruiz, Riverton Civic News Foundation",
                 outlet="Riverton Civic News Foundation", url="https://rivertoncivic.example/2026/library")


def run(comparer, copy, policy, source=SOURCE, use=None):
    comparison = comparer.compare(sources=[source], derived=copy)
    return check_comparison(comparison, policy, use).license


def req(lic, name):
    return next(r for r in lic["requirements"] if r["name"] == name)


def policy(**fields):
    return policy_from_dict(fields, "test")


def text_copy(extra="", byline=None, title="Council Closes Elm Street Library", body=BODY):
    return Article(id="copy", text=body + ("\n\n" + extra if extra else ""), title=title, byline=byline)


def html_copy(inner, body=BODY, title="Council Closes Elm Street Library"):
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    html = f"<html><head><title>{title}</title></head><body>{inner}<article>{paras}</article></body></html>"
    return Article(id="copy.html", text=body, title=title, html=html)


def assert_offsets(lic, copy):
    for r in lic["requirements"]:
        for ev in r["evidence"]:
            if ev.get("in") == "text" and ev["article"] == copy.id:
                assert copy.text[ev["start"]:ev["end"]] == ev["text"]
            if ev.get("in") == "html":
                assert copy.html[ev["start"]:ev["end"]] == ev["text"]


def test_byline_met_partial_unmet(comparer):
    p = policy(byline=True)
    copy = text_copy(byline="By Ana Ruiz")
    assert req(run(comparer, copy, p), "byline")["status"] == "met"
    assert req(run(comparer, text_copy(byline="By A. Ruiz"), p), "byline")["status"] == "partial"
    lic = run(comparer, text_copy(byline="Staff"), p)
    assert req(lic, "byline")["status"] == "unmet" and "Staff" in req(lic, "byline")["detail"]
    assert lic["verdict"] == "breach"
    lic = run(comparer, text_copy("By Ana Ruiz, Riverton Civic News Foundation"), p)
    assert req(lic, "byline")["status"] == "met"
    assert_offsets(lic, text_copy("By Ana Ruiz, Riverton Civic News Foundation"))


def test_byline_from_meta_and_json_ld(comparer):
    p = policy(byline=True)
    meta = html_copy('<meta name="author" content="Ana Ruiz">')
    assert req(run(comparer, meta, p), "byline")["status"] == "met"
    ld = html_copy('<script type="application/ld+json">{"@type": "NewsArticle", "author": {"name": "Ana Ruiz"}}</script>')
    lic = run(comparer, ld, p)
    assert req(lic, "byline")["status"] == "met"
    assert_offsets(lic, ld)


def test_script_only_byline_is_unknown(comparer):
    copy = html_copy('<div class="byline"></div><script>el.innerHTML = meta.author;</script>')
    lic = run(comparer, copy, policy(byline=True))
    assert req(lic, "byline")["status"] == "unknown" and lic["verdict"] == "undetermined"


def test_credit_full_partial_variant(comparer):
    p = policy(credit=True)
    full = text_copy("This story first appeared on Riverton Civic News Foundation.")
    lic = run(comparer, full, p)
    assert req(lic, "credit")["status"] == "met"
    assert_offsets(lic, full)
    short = text_copy("This story first appeared on Riverton Civic.")
    lic = run(comparer, short, p)
    assert req(lic, "credit")["status"] == "partial" and lic["verdict"] == "breach"
    variant = policy(credit={"names": ["Riverton Civic"]})
    assert req(run(comparer, short, variant), "credit")["status"] == "met"
    assert req(run(comparer, text_copy(), p), "credit")["status"] == "unmet"
    place = text_copy("Riverton Civic leaders met on Tuesday.")
    assert req(run(comparer, place, p), "credit")["status"] == "unmet"
    reordered = text_copy("Reprinted from the Riverton News Foundation.")
    assert req(run(comparer, reordered, p), "credit")["status"] == "partial"


@pytest.mark.parametrize("phrase", [
    "according to the Riverton Civic News Foundation",
    "Originally published by Riverton Civic News Foundation.",
    "(Riverton Civic News Foundation) —",
])
def test_credit_phrases(comparer, phrase):
    assert req(run(comparer, text_copy(phrase), policy(credit=True)), "credit")["status"] == "met"


def test_logo_needs_html(comparer):
    p = policy(logo=True)
    assert req(run(comparer, text_copy(), p), "logo")["status"] == "unknown"
    with_logo = html_copy('<img src="/p/riverton-civic-news-foundation-logo.png" alt="">')
    assert req(run(comparer, with_logo, p), "logo")["status"] == "met"
    alt_only = html_copy('<img src="/p/1234.png" alt="Riverton Civic News Foundation">')
    assert req(run(comparer, alt_only, p), "logo")["status"] == "met"
    matched = html_copy('<img src="/p/rcnf-mark.svg">')
    assert req(run(comparer, matched, policy(logo={"match": ["rcnf-mark"]})), "logo")["status"] == "met"
    photo = html_copy('<img src="/p/library.jpg" alt="The library on Elm Street, photographed by Riverton Civic News Foundation staff">')
    assert req(run(comparer, photo, p), "logo")["status"] == "unmet"
    lazy = html_copy('<img class="lazy">')
    assert req(run(comparer, lazy, p), "logo")["status"] == "unknown"


def test_link(comparer):
    p = policy(link=True)
    exact = html_copy('<a href="http://www.rivertoncivic.example/2026/library/?utm_source=x">story</a>')
    assert req(run(comparer, exact, p), "link")["status"] == "met"
    home = html_copy('<a href="https://rivertoncivic.example/">home</a>')
    assert req(run(comparer, home, p), "link")["status"] == "partial"
    assert req(run(comparer, html_copy(""), p), "link")["status"] == "unmet"
    assert req(run(comparer, text_copy(), p), "link")["status"] == "unknown"
    assert req(run(comparer, text_copy("Read it at https://rivertoncivic.example/2026/library."), p),
               "link")["status"] == "met"
    canonical = html_copy('<link rel="canonical" href="https://rivertoncivic.example/2026/library">')
    assert req(run(comparer, canonical, p), "link")["status"] == "met"
    nowhere = Article(id="s2", text=BODY, title="T")
    assert req(run(comparer, text_copy(), p, source=nowhere), "link")["status"] == "unknown"


def test_notice(comparer):
    p = policy(notice={"text": ["Republished with permission of the Riverton Civic News Foundation."]})
    assert req(run(comparer, text_copy("Republished with permission of the Riverton Civic News Foundation."), p),
               "notice")["status"] == "met"
    assert req(run(comparer, text_copy("Republished with the permission of Riverton Civic News Foundation."), p),
               "notice")["status"] == "partial"
    assert req(run(comparer, text_copy(), p), "notice")["status"] == "unmet"
    assert req(run(comparer, text_copy(), policy(notice=True)), "notice")["status"] == "unknown"


def test_affiliation(comparer):
    p = policy(affiliation=True)
    assert req(run(comparer, text_copy(byline="By Ana Ruiz, Riverton Civic News Foundation"), p),
               "affiliation")["status"] == "met"
    assert req(run(comparer, text_copy("Ana Ruiz is a reporter for Riverton Civic News Foundation."), p),
               "affiliation")["status"] == "met"
    assert req(run(comparer, text_copy(byline="By Ana Ruiz"), p), "affiliation")["status"] == "unmet"
    assert req(run(comparer, text_copy(byline="By Ana Ruiz, Riverton Civic"), p), "affiliation")["status"] == "partial"


def test_headline(comparer):
    p = policy(headline=False)
    assert req(run(comparer, text_copy(), p), "headline")["status"] == "met"
    assert req(run(comparer, text_copy(title="Library Shut"), p), "headline")["status"] == "unmet"
    assert req(run(comparer, text_copy(title=None), p), "headline")["status"] == "unknown"
    assert [r["name"] for r in run(comparer, text_copy(title="X"), policy())["requirements"]] == []


def test_commercial(comparer):
    p = policy(commercial=False)
    assert req(run(comparer, text_copy(), p), "commercial")["status"] == "unknown"
    assert req(run(comparer, text_copy("Sponsored content"), p), "commercial")["status"] == "unmet"
    assert req(run(comparer, html_copy(""), p), "commercial")["status"] == "met"
    assert req(run(comparer, html_copy('<div class="ad-slot"></div>'), p), "commercial")["status"] == "unmet"
    assert req(run(comparer, text_copy(), p, use="noncommercial"), "commercial")["status"] == "met"
    assert req(run(comparer, text_copy(), p, use="commercial"), "commercial")["status"] == "unmet"


def test_edits_none(comparer):
    p = policy(edits="none")
    assert req(run(comparer, text_copy(body=BODY.replace('"', "\u201c", 1)), p), "edits")["status"] == "met"
    changed = BODY.replace("5-2", "6-1")
    lic = run(comparer, text_copy(body=changed), p)
    edits = req(lic, "edits")
    assert edits["status"] == "unmet" and edits["evidence"][0]["problem"] == "edited"
    assert_offsets(lic, text_copy(body=changed))
    dropped = req(run(comparer, text_copy(body=BODY.split("\n\n", 1)[1]), p), "edits")
    assert dropped["status"] == "unmet" and dropped["evidence"][0]["problem"] == "dropped"
    added = req(run(comparer, text_copy("Critics called the vote a disgrace and a betrayal."), p), "edits")
    assert added["evidence"][0]["problem"] == "added"
    credit_only = req(run(comparer, text_copy("This story first appeared on Riverton Civic News Foundation."), p), "edits")
    assert credit_only["status"] == "met"
    moved = "\n\n".join(reversed(BODY.split("\n\n")))
    assert req(run(comparer, text_copy(body=moved), p), "edits")["status"] == "unmet"
    assert req(run(comparer, text_copy(body=moved), policy(edits="style-only")), "edits")["status"] == "met"


def test_edits_use_findings_when_present(comparer):
    from dataclasses import replace

    from redline.model import Evidence, Finding
    comparison = comparer.compare(sources=[SOURCE], derived=text_copy())
    finding = Finding("quote_altered", "high", "the quote was changed",
                      derived=(Evidence("copy", 1, 0, 10, BODY[:10]),))
    lic = check_comparison(replace(comparison, findings=(finding,)), policy(edits="none")).license
    assert req(lic, "edits")["status"] == "unmet"
    assert req(lic, "edits")["evidence"][0]["problem"] == "quote altered"


@pytest.mark.parametrize("source, derived, ok", [
    ("Police said Monday that two men were arrested.", "Police said on Monday that two men were arrested.", True),
    ("Smith said the plan was sound.", "Smith says the plan was sound.", True),
    ("About 40 people attended.", "About 45 people attended.", False),
    ('"We will win," Lee said.', '"We can win," Lee said.', False),
    ("The protest was largely peaceful.", "The protest was peaceful.", False),
    ("The mayor did not resign.", "The mayor did resign.", False),
    ("Smith met Jones on Friday.", "Smith met Brown on Friday.", False),
    ("The board approved the budget after a long debate over school funding.",
     "The board approved a new tax on homes after a brief debate over road repairs.", False),
    ("CEDAR FALLS (MPA) — A fire broke out early Friday.", "A fire broke out early Friday.", True),
    ("PORT ALDER, Maine (NNS) — The ferry stopped.", "PORT ALDER — The ferry stopped.", True),
    ("Lee, said island selectwoman Ann Pryor.", "Lee, says island Selectwoman Ann Pryor.", True),
])
def test_style_only(source, derived, ok):
    assert style_only(source, derived) is ok


@pytest.mark.parametrize("text, expected", [
    ("The council voted on Monday.", True),
    ("This article first appeared on The Gazette.", False),
    ("Sign up for our free newsletter.", False),
    ("Ana Ruiz is a staff reporter for the Gazette.", False),
    ("By Ana Ruiz", False),
    ("Republish this story for free.", False),
])
def test_substantive(text, expected):
    assert substantive(text) is expected


def test_no_terms_and_no_policy(comparer):
    plain = Article(id="s3", text=BODY, title="T")
    lic = run(comparer, text_copy(), None, source=plain)
    assert lic["policy"] is None and lic["verdict"] == "undetermined" and lic["requirements"] == []


def test_source_terms_used_when_no_policy(comparer):
    lic = run(comparer, text_copy(), None)
    assert lic["policy"]["origin"] == "source-terms"
    assert req(lic, "credit")["status"] == "unmet"
    assert lic["summary"].startswith("breach")


def test_verdict_rules(comparer):
    p = load_policy("cc-by")
    copy = html_copy('<p>By Ana Ruiz. First published by <a href="https://rivertoncivic.example/2026/library">'
                     'Riverton Civic News Foundation</a> under <a href="https://creativecommons.org/licenses/by/4.0/">'
                     'CC BY 4.0</a>.</p>')
    lic = run(comparer, copy, p)
    assert lic["verdict"] == "compliant", lic["summary"]
    assert_offsets(lic, copy)


def test_bad_use_value(comparer):
    from redline.errors import InputError
    with pytest.raises(InputError):
        run(comparer, text_copy(), policy(), use="sometimes")
