"""Seeded synthetic news corpus: story seeds and the realistic spread of their copies.

Words come from a fixed set of function words and seeded pseudo-words (syllables joined), drawn
with Zipf-like frequencies so that common phrases recur across stories as in real news. Each story
starts as a news agency's wire text (outlet kind "wire", a time stamp, the agency's "CITY (AP) —"
dateline), which the agency may update in later versions (a paragraph added, a sentence rewritten).
Print papers, web sites and broadcasters copy a version (several on the same day: siblings of one
origin), each rewriting a sentence of its own, reordering paragraphs, substituting words
(paraphrase-like), truncating and adding
paragraphs of their own; some keep the agency dateline, half add a credit ("This story was provided
by The Associated Press."), all carry their outlet's footer and one of a few network footers shared
across outlets. A third of copies copy an earlier copy (with the credit "This article first appeared
in <paper>."), and some merge a wire version with another copy's added paragraph (two parents with
their shares). Stock sentences recur across unrelated stories. Print copies are dated by day, the
others by time. Stories without copies are distractors. The truth file records every article's
story, its parents (with shares), the copy kind and the outlet kind.

    python bench/gen_corpus.py --articles 10000 --seed 7 --out /tmp/gen10k
    -> /tmp/gen10k/articles.jsonl and /tmp/gen10k/truth.json
"""
from __future__ import annotations

import argparse
import json
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

FUNCTION = ("the of and to a in that is was for on with he as it by at said his from are be this "
            "have an has their not who they its had after were but been also which will more one "
            "two new about up over than into police court government council would year last").split()
SYLLABLES = ("ba be bi bo bu da de di do du fa fe fi fo ga ge go ka ke ki ko la le li lo lu ma me mi mo "
             "na ne ni no pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi za zo ar en in on or "
             "an el il ul ur").split()


class Language:
    def __init__(self, rng: np.random.Generator, size: int = 20000):
        words = set()
        while len(words) < size:
            n = int(rng.integers(2, 4))
            words.add("".join(rng.choice(SYLLABLES, n)))
        self.content = sorted(words)
        rng.shuffle(self.content)
        ranks = np.arange(1, len(self.content) + 1)
        p = 1.0 / (ranks + 20.0) ** 1.05
        self.cdf = np.cumsum(p / p.sum())
        # three stand-ins per word, one drawn per use: two rewrites of one sentence rarely agree
        self.synonym = {w: (a, b, c) for w, a, b, c in zip(self.content, np.roll(self.content, 7),
                                                          np.roll(self.content, 13), np.roll(self.content, 29))}

    def sentence(self, rng, names: list[str]) -> str:
        n = int(rng.integers(12, 30))
        kinds = rng.random(n)
        func = (rng.random(n) * rng.random(n) * len(FUNCTION)).astype(int)
        content = np.minimum(np.searchsorted(self.cdf, rng.random(n)), len(self.content) - 1)
        who = rng.integers(0, max(len(names), 1), n)
        out = []
        for k in range(n):
            if kinds[k] < 0.42:
                out.append(FUNCTION[func[k]])
            elif kinds[k] < 0.5 and names:
                out.append(names[who[k]])
            else:
                out.append(self.content[content[k]])
        if rng.random() < 0.25:
            out.append(str(int(rng.integers(2, 5000))))
        text = " ".join(out)
        return text[0].upper() + text[1:] + "."

    def paragraphs(self, rng, names, n_par: int) -> list[list[str]]:
        return [[self.sentence(rng, names) for _ in range(int(rng.integers(1, 4)))] for _ in range(n_par)]


def _names(rng, lang: Language, k: int) -> list[str]:
    return [lang.content[int(rng.integers(500, len(lang.content)))].capitalize() for _ in range(k)]


def paraphrase(rng, lang: Language, sentence: str, rate: float) -> str:
    words = sentence.rstrip(".").split()
    out = []
    for w in words:
        low = w.lower()
        if low in lang.synonym and rng.random() < rate:
            w = lang.synonym[low][int(rng.integers(0, 3))]
        elif low in FUNCTION and rng.random() < rate / 3:
            continue
        out.append(w)
    if len(out) > 4 and rng.random() < rate:
        i = int(rng.integers(0, len(out) - 1))
        out[i], out[i + 1] = out[i + 1], out[i]
    text = " ".join(out)
    return text[0].upper() + text[1:] + "."


def make_copy(rng, lang, parent: list[list[str]], names, kind: str) -> list[list[str]]:
    paras = [list(p) for p in parent]
    if rng.random() < 0.5 and len(paras) > 2:  # reorder: move a block of paragraphs
        i = int(rng.integers(1, len(paras)))
        paras = [paras[0]] + paras[i:] + paras[1:i]
    rate = {"light": 0.1, "heavy": 0.45}.get(kind, 0.0)
    if rate:
        paras = [[paraphrase(rng, lang, s, rate) for s in p] for p in paras]
    if rng.random() < 0.5:  # truncation
        paras = paras[:max(2, int(len(paras) * rng.uniform(0.4, 0.9)))]
    if rng.random() < 0.6:  # added paragraphs of the copy's own
        for _ in range(int(rng.integers(1, 3))):
            paras.insert(int(rng.integers(1, len(paras) + 1)), [lang.sentence(rng, names)])
    return paras


AGENCIES = (("The Associated Press", "AP"), ("Reuters", "Reuters"), ("Agence France-Presse", "AFP"),
            ("PA Media", "PA"), ("Harbour Wire", "HW"))
COPY_KINDS = ("print", "web", "broadcast")


def _outlets(lang: Language, n: int) -> list[tuple[str, str]]:
    """(name, kind) of the copying outlets: print papers, web sites and broadcasters."""
    suffix = {"print": ("Post", "Times", "Herald", "Gazette"), "web": ("Online", "Daily", "Wire Report"),
              "broadcast": ("Radio", "TV News")}
    out = []
    for i in range(1, n + 1):
        kind = COPY_KINDS[i % 3]
        out.append((f"{lang.content[i].capitalize()} {suffix[kind][i % len(suffix[kind])]}", kind))
    return out


class Spread:
    """One story's wire original, its updated versions and the copies made of them."""

    def __init__(self, rng, lang, names, sid, day, agency, outlets, stock, footers):
        self.rng, self.lang, self.names, self.sid = rng, lang, names, sid
        self.agency, self.outlets, self.footers = agency, outlets, footers
        self.city = lang.content[int(rng.integers(200, 2000))].upper()
        base = lang.paragraphs(rng, names, int(rng.integers(5, 12)))
        for s in rng.choice(len(stock), int(rng.integers(0, 3)) if rng.random() < 0.5 else 0, replace=False):
            base.insert(int(rng.integers(1, len(base) + 1)), [stock[int(s)]])
        when = day + timedelta(hours=int(rng.integers(5, 20)), minutes=int(rng.integers(0, 60)))
        self.nodes = [self._node(f"{sid}-w0", base, agency[0], "wire", when, [], "original")]

    def _node(self, aid, paras, outlet, kind, when, parents, how, dateline="wire", credit=None) -> dict:
        return {"id": aid, "paras": paras, "outlet": outlet, "outlet_kind": kind, "when": when,
                "parents": parents, "kind": how, "dateline": dateline, "credit": credit}

    def update(self, k: int) -> None:
        """The agency's next version: a paragraph added at the end, one sentence rewritten."""
        prev = next(n for n in reversed(self.nodes) if n["outlet_kind"] == "wire")
        paras = [list(p) for p in prev["paras"]]
        i = int(self.rng.integers(0, len(paras)))
        paras[i][0] = paraphrase(self.rng, self.lang, paras[i][0], 0.3)
        paras.append([self.lang.sentence(self.rng, self.names)])
        when = prev["when"] + timedelta(hours=int(self.rng.integers(1, 5)))
        self.nodes.append(self._node(f"{self.sid}-w{k}", paras, self.agency[0], "wire", when,
                                     [(prev["id"], 1.0)], "update"))

    def copy(self, k: int) -> None:
        rng = self.rng
        wires = [n for n in self.nodes if n["outlet_kind"] == "wire"]
        copies = [n for n in self.nodes if n["outlet_kind"] != "wire"]
        parent = copies[int(rng.integers(0, len(copies)))] if copies and rng.random() < 0.3 else \
            wires[int(rng.integers(0, len(wires)))]
        how = str(rng.choice(["verbatim", "light", "heavy"], p=[0.4, 0.35, 0.25]))
        paras = make_copy(rng, self.lang, parent["paras"], self.names, how)
        i = int(rng.integers(0, len(paras)))  # the desk's own edit: one sentence rewritten
        paras[i] = [paraphrase(rng, self.lang, paras[i][0], 0.5)] + paras[i][1:]
        parents = [(parent["id"], 1.0)]
        extra = [n for n in copies if n is not parent and n["kind"] == "verbatim" and n["added"]]
        if parent["outlet_kind"] == "wire" and extra and rng.random() < 0.15:  # merged with another copy's additions
            other = extra[int(rng.integers(0, len(extra)))]
            paras.insert(int(rng.integers(1, len(paras) + 1)), list(other["added"][0]))
            parents = _shares(paras, parent, other)
        outlet, kind = self.outlets[int(rng.integers(0, len(self.outlets)))]
        # a print edition comes out the day after a print parent (editions of one day cannot copy
        # each other), the same or the next day after a wire or web text
        days = int(rng.integers(1, 3)) if parent["outlet_kind"] == "print" else int(rng.integers(0, 2))
        when = parent["when"] + (timedelta(hours=int(rng.integers(1, 30))) if kind != "print" else timedelta(days=days))
        if len(parents) > 1:  # a merged copy comes out after both texts it took from
            when = max(when, other["when"] + (timedelta(days=1) if kind == "print" else timedelta(hours=1)))
        credit = None
        if rng.random() < 0.5:
            credit = (f"This story was provided by {self.agency[0]}." if parent["outlet_kind"] == "wire"
                      else f"This article first appeared in {parent['outlet']}.")
        dateline = "wire" if parent["dateline"] == "wire" and rng.random() < 0.4 else "own"
        node = self._node(f"{self.sid}-{k}", paras, outlet, kind, when, parents, how, dateline, credit)
        node["added"] = [p for p in paras if not any(s in _sentences(parent["paras"]) for s in p)]
        self.nodes.append(node)

    def render(self, node: dict) -> dict:
        body = [" ".join(p) for p in node["paras"]]
        if node["dateline"] == "wire":
            body[0] = f"{self.city} ({self.agency[1]}) — " + body[0]
        elif node["outlet_kind"] != "wire":
            body[0] = f"{self.city} — " + body[0]
        tail = ([node["credit"]] if node["credit"] else []) + self.footers.get(node["outlet"], [])
        when = node["when"]
        date = when.date().isoformat() if node["outlet_kind"] == "print" else when.isoformat(timespec="minutes")
        return {"id": node["id"], "title": " ".join(node["paras"][0][0].split()[:8]), "outlet": node["outlet"],
                "outlet_kind": node["outlet_kind"], "date": date, "text": "\n\n".join(body + tail)}


def _sentences(paras: list[list[str]]) -> set[str]:
    return {s for p in paras for s in p}


def _shares(paras, a: dict, b: dict) -> list[tuple[str, float]]:
    """Each parent's share of the copy's sentences that came from a parent."""
    mine = [s for p in paras for s in p]
    from_b = sum(1 for s in mine if s in _sentences(b["added"]))
    from_a = max(len(mine) - from_b, 1)
    total = from_a + from_b
    return [(a["id"], round(from_a / total, 3)), (b["id"], round(from_b / total, 3))]


def generate(n_articles: int, seed: int = 7, distractor_share: float = 0.3, outlets: int = 60):
    """Articles (JSON-ready, with ``outlet_kind``) and the truth: each article's story, parent (its main
    source; None for an original), parents with their shares, copy kind and outlet kind."""
    rng = np.random.default_rng(seed)
    lang = Language(rng)
    copiers = _outlets(lang, outlets)
    networks = [lang.sentence(rng, []) + " Sign up for our newsletter." for _ in range(6)]
    footers = {o: [networks[i % len(networks)], f"Copyright {o}. All rights reserved."]
               for i, (o, _) in enumerate(copiers)}
    stock = [lang.sentence(rng, []) for _ in range(max(20, n_articles // 150))]
    articles, truth = [], {}
    start = datetime(2024, 1, 1)
    story = 0
    while len(articles) < n_articles:
        story += 1
        sid = f"story{story:06d}"
        agency = AGENCIES[int(rng.integers(0, len(AGENCIES)))]
        spread = Spread(rng, lang, _names(rng, lang, 4), sid, start + timedelta(days=int(rng.integers(0, 700))),
                        agency, copiers, stock, footers)
        n_copies = 0 if rng.random() < distractor_share else int(rng.geometric(0.25))
        updates = int(rng.integers(1, 3)) if n_copies and rng.random() < 0.3 else 0
        for k in range(1, updates + 1):
            spread.update(k)
        for k in range(1, n_copies + 1):
            spread.copy(k)
        for node in sorted(spread.nodes, key=lambda n: n["when"]):
            if len(articles) >= n_articles:
                break
            articles.append(spread.render(node))
            parents = [{"id": p, "share": s} for p, s in node["parents"]]
            truth[node["id"]] = {"story": sid, "parent": parents[0]["id"] if parents else None,
                                 "parents": parents, "kind": node["kind"], "outlet_kind": node["outlet_kind"]}
    _drop_missing_parents(truth)
    return articles, truth


def _drop_missing_parents(truth: dict) -> None:
    """A story cut off at the corpus size may lose a parent: its copies then have none in the corpus."""
    for t in truth.values():
        t["parents"] = [p for p in t["parents"] if p["id"] in truth]
        t["parent"] = t["parents"][0]["id"] if t["parents"] else None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    arts, truth = generate(args.articles, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    with open(args.out / "articles.jsonl", "w", encoding="utf-8") as fh:
        for a in arts:
            fh.write(json.dumps(a) + "\n")
    (args.out / "truth.json").write_text(json.dumps(truth))
    copies = sum(1 for t in truth.values() if t["parent"])
    print(f"{len(arts)} articles ({copies} copies) in {len(set(t['story'] for t in truth.values()))} stories "
          f"-> {args.out}")


if __name__ == "__main__":
    main()
