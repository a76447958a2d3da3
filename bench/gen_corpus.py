"""Seeded synthetic news corpus: story seeds and the realistic spread of their copies.

Words come from a fixed set of function words and seeded pseudo-words (syllables joined), drawn
with Zipf-like frequencies so that common phrases recur across stories as in real news. Each story
gets a wire original; copies reorder paragraphs, substitute words (paraphrase-like), truncate,
add paragraphs, carry their outlet's dateline and footer boilerplate, and sometimes copy a copy.
Unrelated articles are distractors. Ground truth (story and parent of every article) is saved
beside the corpus.

    python bench/gen_corpus.py --articles 10000 --seed 7 --out /tmp/gen10k
    -> /tmp/gen10k/articles.jsonl and /tmp/gen10k/truth.json
"""
from __future__ import annotations

import argparse
import json
from datetime import date, timedelta
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
        self.synonym = dict(zip(self.content, np.roll(self.content, 7)))

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
            w = lang.synonym[low]
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


def generate(n_articles: int, seed: int = 7, distractor_share: float = 0.3, outlets: int = 60):
    rng = np.random.default_rng(seed)
    lang = Language(rng)
    outlet_names = [f"{lang.content[i].capitalize()} {('Post', 'Times', 'Herald', 'News', 'Daily')[i % 5]}"
                    for i in range(1, outlets + 1)]
    footers = {o: [lang.sentence(rng, [o]) + f" Copyright {o}. All rights reserved."] for o in outlet_names}
    articles, truth = [], {}
    start = date(2024, 1, 1)
    story = 0
    while len(articles) < n_articles:
        story += 1
        sid = f"story{story:06d}"
        names = _names(rng, lang, 4)
        day = start + timedelta(days=int(rng.integers(0, 700)))
        base = lang.paragraphs(rng, names, int(rng.integers(5, 12)))
        wire_outlet = outlet_names[int(rng.integers(0, 5))]
        nodes = [(f"{sid}-0", base, wire_outlet, day, None, "original")]
        n_copies = 0 if rng.random() < distractor_share else int(rng.geometric(0.25))
        for k in range(1, n_copies + 1):
            parent = nodes[int(rng.integers(1, len(nodes)))] if len(nodes) > 1 and rng.random() < 0.3 else nodes[0]
            kind = str(rng.choice(["verbatim", "light", "heavy"], p=[0.4, 0.35, 0.25]))
            paras = make_copy(rng, lang, parent[1], names, kind)
            outlet = outlet_names[int(rng.integers(5, len(outlet_names)))]
            nodes.append((f"{sid}-{k}", paras, outlet, parent[3] + timedelta(days=int(rng.integers(0, 3))),
                          parent[0], kind))
        for aid, paras, outlet, day_, parent, kind in nodes:
            if len(articles) >= n_articles:
                break
            body = [" ".join(p) for p in paras]
            body[0] = f"{outlet.upper()} - " + body[0]
            text = "\n\n".join(body + footers[outlet])
            articles.append({"id": aid, "title": " ".join(paras[0][0].split()[:8]), "outlet": outlet,
                             "date": day_.isoformat(), "text": text})
            truth[aid] = {"story": sid, "parent": parent, "kind": kind}
    return articles, truth


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
