"""The origin decision: among candidates that all hold the article's text, which one it was taken from.

Copies of one wire story share the article's passages with each other, so the most similar candidate
is often a sibling (another outlet's copy of the same origin). Two questions settle it:

* Between two candidates, which derives from the other (``pair_origin``)? Signals, each with a weight
  and a reason: dates and times, a credit in one naming the other ("This story was provided by The
  Associated Press", "first appeared in X", the agency's "CITY (AP) —" dateline), outlet kind (a wire
  text is an original), fuller quotes, and how much of the other members' text each one holds (the
  origin holds what all its copies share; a copy holds its own additions alone).
* Which of them did the article take its text from (``choose``)? Passage level, in shingles of the
  article that are not boilerplate: text the article took that only one candidate holds decides
  (it took an addition or edit only that copy made: it copied the copy); where a candidate's origin
  explains all the article took from it, the origin is the source and the candidate a sibling.

A candidate is a source only when its verified comparison says it derives (``derives``); otherwise
the answer is "no source in this corpus" and the nearest candidates are listed as related.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import numpy as np

from ..align.direction import AGENCY_MARKS, _quotes
from ..model import Article
from ..text.normalise import words
from .trace import EVIDENCE, date_order, held, rank, same_story

MARGIN = 3            # shingles of the article one candidate must hold and the other not ...
MARGIN_SHARE = 0.01   # ... and at least this share of the article's (non-boilerplate) shingles
CLEAR = 0.25          # a pair's signals must sum to at least this to say which derives from which
# own sentences taken (verbatim, edited or paraphrased) that make a source without a derivation level
MIN_MATCHED = 1
RELATED = 3
CREDIT_LINE = 15     # words: a credit line of its own
PHRASE_SHARE = 0.1   # of the article's own shingles a rewritten source holds ...
PHRASE_SENTENCES = 2  # ... in at least this many of its sentences ...
PHRASE = 3           # ... with at least this many shingles each (a five-word phrase)
APART = 30           # shingles a text needs besides a shared sentence to tell it is another story ...
APART_SHARE = 0.1    # ... sharing less than this share of them with the other
LEAD = 2.0          # the best-scored candidate's score over any other story's (see ``lead_link``)
LEAD_WORDS = 3       # ... and the article's rare words it must hold (a name, a place and one more)
LONE_SHARE = 0.05    # of the article's own shingles one rewritten sentence must hold to link alone (``lone_links``)
ORIGIN_SHARE = 0.06  # of a copy's shingles that a text of its credited origin holds (see ``absent_origin``)

_NAME = r"((?:the[ \t]+)?[A-Z][\w&'’.-]*(?:[ \t]+(?:of[ \t]+|and[ \t]+|&[ \t]+)?[A-Z][\w&'’.-]*){0,5})"
CREDIT = re.compile(r"(?i:provided by|(?:first|originally) (?:appeared|published|posted|ran) (?:in|on|at|by)"
                    r"|reprinted (?:from|by)|reposted (?:from|by)"
                    r"|republished (?:from|by|courtesy of)|courtesy of|according to|as reported by|distributed by"
                    r"|(?:written|produced) by)[ \t]+" + _NAME)
DATELINE_PARAS = 3  # paragraphs at the start of a text where an agency dateline may stand
DATELINE = re.compile(r"^\s*[A-Z][\w .,'’-]{1,40}?\s*\(([A-Za-z][\w .&-]{0,30})\)\s*[—–-]")
WIRE_NAMES = ("associated press", "reuters", "agence france-presse", "afp", "pa media", "press association",
              "united press international", "upi", "dpa", "bloomberg", "ap", "pa")
KINDS = ("wire", "print", "web", "broadcast")
Holder = Callable[[set[str], str], bool]


def names(outlet: str | None) -> set[str]:
    """The forms under which a text may name an outlet: its name, without "The", and its initials."""
    if not outlet:
        return set()
    full = outlet.strip().casefold()
    bare = re.sub(r"^the\s+", "", full)
    words = re.findall(r"[A-Za-z]+", re.sub(r"^the\s+", "", outlet.strip(), flags=re.I))
    out = {full, bare}
    if len(words) >= 2:
        out.add("".join(w[0] for w in words).casefold())
        out.add(words[0].casefold() if words[0].isupper() and len(words[0]) > 1 else bare)
    return out


@lru_cache(maxsize=4096)
def credited(text: str) -> frozenset[str]:
    """Names a text credits as where it came from, and the agency of its dateline, casefolded."""
    found = {re.sub(r"^the\s+", "", m.group(1).rstrip(".").casefold()) for m in CREDIT.finditer(text)}
    agency = dateline(text)
    return frozenset(found | {agency} if agency else found)


@lru_cache(maxsize=4096)
def dateline(text: str) -> str | None:
    """The agency an agency dateline ("LONDON (AP) —") names, casefolded: at the start of the text or of
    one of its first paragraphs (a byline or a time stamp may come first on a web page)."""
    for para in re.split(r"\n\s*\n", text.lstrip(), maxsplit=DATELINE_PARAS)[:DATELINE_PARAS]:
        m = DATELINE.match(para)
        if m:
            return m.group(1).strip().casefold()
    return None


@lru_cache(maxsize=4096)
def credit_lines(text: str) -> frozenset[str]:
    """The names a text credits in a line of its own (a footer such as "This story was provided by
    X." or a header such as "Reposted from X.", at most CREDIT_LINE words): not in a sentence of the
    story nor in its dateline, which a copy takes over with the rest of the text."""
    short = "\n".join(p for p in re.split(r"\n\s*\n", text) if len(p.split()) <= CREDIT_LINE and not dateline(p))
    return credited(short)


def credits(text: str, outlet: str | None) -> bool:
    """Whether ``text`` credits ``outlet`` (by name, without "The", or by its initials)."""
    return _names_any(credited(text), outlet)


def credits_in_line(text: str, outlet: str | None) -> bool:
    """Whether ``text`` credits ``outlet`` in a credit line of its own (see ``credit_lines``)."""
    return _names_any(credit_lines(text), outlet)


def _names_any(found: frozenset[str], outlet: str | None) -> bool:
    forms = names(outlet)
    return bool(forms) and any(c in forms or any(c.startswith(f + " ") for f in forms) for c in found)


def outlet_kind(art: Article) -> str | None:
    """The outlet kind given with the article (``outlet_kind`` in JSONL) or recognised: a news agency by
    its name or by a dateline naming itself ("LONDON (Reuters) —" in Reuters' own text)."""
    given = str(art.meta.get("outlet_kind", "")).strip().lower() if art.meta else ""
    if given in KINDS:
        return given
    outlet = (art.outlet or "").casefold()
    if outlet and (re.sub(r"^the\s+", "", outlet) in WIRE_NAMES or outlet in WIRE_NAMES):
        return "wire"
    agency = dateline(art.text)
    return "wire" if agency and outlet and agency in names(art.outlet) else None


@lru_cache(maxsize=4096)
def _marked(text: str) -> bool:
    return bool(AGENCY_MARKS.search(text) or dateline(text))


# ---------------------------------------------------------------------- which candidate derives from which

def pair_origin(a: Article, b: Article, order: str | None, hub: float, kinds=(None, None)) -> tuple[float, list[str]]:
    """Signed weight that ``a`` is ``b``'s origin (negative: ``b`` is ``a``'s), with reasons.
    ``order``: "before"/"same"/"after" of a's date against b's; ``hub``: how much more of the other
    candidates' text ``a`` holds than ``b`` does (see ``hub_scores``)."""
    total, why = 0.0, []
    if order in ("before", "after"):
        first, later = (a, b) if order == "before" else (b, a)
        total += 0.6 if order == "before" else -0.6
        why.append(f"{first.id} came out before {later.id}")
    for x, y, sign in ((a, b, 1.0), (b, a, -1.0)):
        if names(x.outlet) and not names(x.outlet) & names(y.outlet) and credits(y.text, x.outlet):
            total += sign * 1.0
            why.append(f"{y.id} credits {x.outlet} ({x.id})")
    ka, kb = kinds
    if (ka == "wire") != (kb == "wire") and (ka or kb):
        total += 0.5 if ka == "wire" else -0.5
        why.append(f"{a.id if ka == 'wire' else b.id} is a wire agency's text")
    elif _marked(a.text) != _marked(b.text):
        total += 0.3 if _marked(a.text) else -0.3
        why.append(f"{a.id if _marked(a.text) else b.id} carries the agency's marks, the other dropped them")
    q = _quotes(a, b)
    if q is not None:
        total += 0.4 if q.favours == a.id else -0.4
        why.append(q.detail)
    if abs(hub) >= 0.05:
        total += float(np.clip(hub, -0.3, 0.3))
        why.append(f"{a.id if hub > 0 else b.id} holds more of the text its fellow candidates share")
    return total, why


def hub_scores(sets: list[np.ndarray]) -> np.ndarray:
    """For each text: the mean over the others of the share of their shingles it holds."""
    n = len(sets)
    if n < 2:
        return np.zeros(n)
    sizes = np.array([max(len(s), 1) for s in sets], float)
    both = np.array([[len(np.intersect1d(sets[i], sets[j], assume_unique=True)) if i != j else 0
                      for j in range(n)] for i in range(n)], float)
    return (both / sizes[None, :]).sum(axis=1) / (n - 1)


# ---------------------------------------------------------------------- which one the article took from

def choose(best: int, holds: np.ndarray, anc: np.ndarray, named: list[bool], margin: float,
           groups: list[int] | None = None, prior: list[bool] | None = None,
           story: np.ndarray | None = None, follow: np.ndarray | None = None) -> tuple[int, list[str]]:
    """The candidate the article took its text from, starting at the best-scored one and moving
    to a copy it took text only that copy holds from, or to the origin of a candidate that explains
    all it took. ``holds[c]``: the article's shingles candidate c holds; ``anc[a, b] > 0``: a is b's
    origin; ``named[c]``: the article credits c's outlet; ``groups[c]``: c's outlet (an agency's
    versions of a story count together against another outlet's copy); ``prior[c]``: c is dated
    before the article (from a candidate known to precede it, no move goes to one that may not);
    ``story[a, b]``: a and b are versions of one story (no move between stories); ``follow[a, b]``: b is
    the same outlet's follow-up of a on a later day (see ``follow_ups``)."""
    only, size = exclusive(holds, groups), holds.sum(axis=1)
    # a copy that may have come out together with the article (the same day, no times) is not
    # chosen over one known to come first: which was first is not shown
    prior = prior if prior is not None and any(prior) else [True] * len(named)
    best = best if prior[best] else prior.index(True)
    cur, path, why = best, [best], list[str]()
    for _ in range(len(named)):
        nxt, reason = _step(cur, only, anc, named, margin, prior, size,
                            story if story is not None else np.ones((len(named),) * 2, bool),
                            follow if follow is not None else np.zeros((len(named),) * 2, bool))
        if nxt is None:
            break
        if nxt in path:
            # the moves lead back to a candidate already passed: the text does not settle which of the
            # candidates on the loop it came from, and the best-scored of them stands
            loop = path[path.index(nxt):]
            back = min(loop)
            if back != cur:
                why = why[:path.index(back)] + [f"the moves among {len(loop)} candidates lead back to one "
                                                "already passed; the best-scored of them stands"]
            return back, why
        path.append(nxt)
        cur = nxt
        why.append(reason)
    return cur, why


def exclusive(holds: np.ndarray, groups: list[int] | None = None) -> np.ndarray:
    """only[x, y]: article shingles x holds that y does not, where y stands for all the candidates of
    its outlet when x is of another outlet."""
    h = holds.astype(np.int32)
    only = h @ (1 - h).T
    if groups is None:
        return only
    g = np.asarray(groups)
    union = np.array([holds[g == k].any(axis=0) for k in g]).astype(np.int32)
    other = h @ (1 - union).T
    return np.where(g[:, None] == g[None, :], only, other)


def _step(cur: int, only: np.ndarray, anc: np.ndarray, named: list[bool], margin: float,
          prior: list[bool], size: np.ndarray, story: np.ndarray, follow: np.ndarray) -> tuple[int | None, str]:
    n = len(named)
    down = [d for d in range(n)
            if d != cur and anc[cur, d] > 0 and only[d, cur] >= margin and (prior[d] or not prior[cur])
            and only[cur, d] < max(margin, only[d, cur] / 3)]
    if down:
        d = max(down, key=lambda k: (only[k, cur], -k))
        return d, f"the article took {int(only[d, cur])} shingles of text that only this copy holds"
    # a later day's follow-up holding all the article took from this one: the earlier day's text it
    # repeats is background, and a desk works from the current day's copy
    later = [d for d in range(n) if follow[cur, d] and only[cur, d] < margin and (prior[d] or not prior[cur])]
    if later:
        d = max(later, key=lambda k: (sum(follow[j, k] for j in later), -k))
        return d, "the same outlet's follow-up of a later day, holding all the article took from the earlier text"
    if not named[cur]:
        named_other = [k for k in range(n) if named[k] and k != cur and only[cur, k] < margin]
        if named_other:
            return named_other[0], "the article credits it, and it holds all the article took from the others"
    # the origin of a candidate that explains all the article took from it, or holds at least as much
    # text of the article that the candidate lacks as the candidate holds beyond it; "all it took" must be
    # something the two share (a short rewrite may keep a handful of shingles, which proves nothing)
    up = [a for a in range(n) if a != cur and anc[a, cur] > 0 and (named[a] or not named[cur])
          and size[cur] - only[cur, a] >= margin and not follow[a, cur]
          and (only[cur, a] < margin or only[a, cur] >= only[cur, a])]
    if up:
        a = min(up, key=lambda k: (only[cur, k], -anc[k, cur], k))
        return a, "it is the origin of a candidate, and holds all the article took from that one"
    peer = [a for a in range(n) if a != cur and story[a, cur] and abs(anc[a, cur]) < CLEAR and only[cur, a] < margin
            and only[a, cur] >= margin and (named[a] or not named[cur]) and (prior[a] or not prior[cur])]
    if peer:
        a = max(peer, key=lambda k: (only[k, cur], -k))
        return a, f"it holds {int(only[a, cur])} more shingles of the article's text"
    return None, ""


def follow_ups(family: list[dict], groups: list[int], anc: np.ndarray, date: str | None) -> np.ndarray:
    """follow[a, b]: b is a text of a's outlet on the story (a its origin) dated a later calendar day, and
    an earlier one than the article (``date``): it was out when the article was written."""
    days = [str(r["date"])[:10] if r.get("date") else None for r in family]
    day = str(date)[:10] if date else None
    n = len(family)
    return np.array([[groups[a] == groups[b] and anc[a, b] > 0 and None not in (days[a], days[b], day)
                      and date_order(days[a], days[b]) == "before" and date_order(days[b], day) == "before"
                      for b in range(n)] for a in range(n)], bool)


def together(date: str | None, other: str | None) -> bool:
    """Both dated the same day without a time: which came first is not known (print editions of one
    day come out together)."""
    from .trace import _has_time
    return date_order(date, other) == "same" and not (_has_time(date) or _has_time(other))


def derives(r: dict, phrased: frozenset = frozenset()) -> bool:
    """A verified candidate counts as a source: the comparison finds it derived (its document-level
    derivation level, unless only stock sentences are shared) or finds the article's own sentences
    (stock ones left out) taken from it, or the article kept its phrases through a rewrite (``phrased``,
    see ``phrase_links``), and the dates allow it."""
    said = r["matched"] >= MIN_MATCHED or (r["derivation"] != "none" and not r.get("stock_only")) or r["id"] in phrased
    return said and r.get("date_consistent") is not False and not r.get("copies_article")


def shared_links(results: list[dict], shingles: dict[str, np.ndarray], stock: frozenset = frozenset(),
                 ignore: np.ndarray | None = None, n: int = 3) -> None:
    """A sentence printed alike in candidates that share nothing else (not versions of one story) is a
    stock sentence, and the article's sentence matched to it (maybe in other words: a paraphrase escapes
    the document frequencies) is no link: it leaves their ``matched``. Checked where the comparison finds
    no derivation and few sentences match (the evidence then lists them all)."""
    from .shingles import text_shingles
    weak = [r for r in results if 0 < r["matched"] <= EVIDENCE and r["derivation"] == "none"]
    if len(weak) < 2:
        return
    links: dict[int, dict[str, list[int]]] = {}
    for k, r in enumerate(weak):
        for e in r["evidence"]:
            if e["derived"]["sentence"] not in stock:
                alike = links.setdefault(e["derived"]["sentence"], {})
                alike.setdefault(" ".join(words(e["source"]["text"])), []).append(k)
    linked = [np.concatenate([text_shingles(e["source"]["text"], n) for e in r["evidence"]]) for r in weak]
    rest = [np.setdiff1d(_kept(shingles[r["id"]], ignore), x) for r, x in zip(weak, linked)]
    story = same_story(rest, APART_SHARE)  # what they share besides the linking sentences
    sized = np.array([len(x) >= APART for x in rest])
    for sentence, alike in sorted(links.items()):
        if any(sized[a] and sized[b] and not story[a, b] for ks in alike.values() for a in ks for b in ks if a < b):
            for k in sorted({k for ks in alike.values() for k in ks}):
                weak[k]["matched"] -= 1
                weak[k]["reasons"].append(f"the article's sentence {sentence} it matches matches a sentence printed "
                                          "alike in texts of other stories: a stock sentence, which counts for nothing")


def lone_links(results: list[dict], q: np.ndarray, stock: frozenset, shingles: dict[str, np.ndarray],
               ignore: np.ndarray | None, rare: set[str], arts: dict[str, Article], n: int = 3) -> frozenset:
    """A candidate linked by one sentence of a full article that it holds in other words (edited or
    paraphrased, not verbatim), sharing nothing else with the article (no shingle, and fewer than
    LEAD_WORDS of the article's ``rare`` words: a report of the same event shares its names), and that
    sentence's shared text under LONE_SHARE of the article's own shingles: one sentence rewritten alike
    in two stories (a stock phrase in other words, or chance among many texts), which leaves its
    ``matched``. Returns their ids: the rare words such a candidate holds are that sentence's, no sign
    of a short rewrite. ``q``: the article's own shingles (``own_shingles``)."""
    from .shingles import text_shingles
    weak = [r for r in results if r["matched"] == 1 and r["derivation"] == "none"]
    if not weak:
        return frozenset()
    out = set()
    own = _kept(q, ignore)
    for r in weak:
        link = [e for e in r["evidence"] if e["derived"]["sentence"] not in stock]
        if len(link) != 1 or link[0]["label"] == "verbatim":
            continue
        shared = np.intersect1d(own, _kept(shingles[r["id"]], ignore))
        beyond = np.setdiff1d(shared, text_shingles(link[0]["derived"]["text"], n))
        elsewhere = (rare & set(words(arts[r["id"]].text))) - set(words(link[0]["derived"]["text"]))
        if not len(beyond) and len(elsewhere) < LEAD_WORDS and len(shared) < LONE_SHARE * len(own):
            r["matched"] -= 1
            r["reasons"].append(f"only the article's sentence {link[0]['derived']['sentence']} matches it, in other "
                                "words, and the two share nothing else: a sentence rewritten alike, not a source")
            out.add(r["id"])
    return frozenset(out)


def margin_of(n_shingles: int) -> float:
    return max(MARGIN, MARGIN_SHARE * n_shingles)


def phrase_parts(article: Article, stock: frozenset, ignore: np.ndarray | None, n: int = 3) -> list[np.ndarray]:
    """The shingles of each of the article's own sentences (stock sentences and boilerplate left out)."""
    from ..text.sentences import split_sentences
    from .shingles import text_shingles
    parts = [_kept(np.unique(text_shingles(s.text, n)), ignore) for s in split_sentences(article.text, article.id)
             if s.index not in stock]
    return [x for x in parts if len(x)]


def _kept_phrases(parts: list[np.ndarray], cand: np.ndarray) -> list[int]:
    """How many shingles of each of the article's sentences (``parts``) the candidate holds."""
    cand = np.asarray(cand, dtype=np.uint64)
    return [int(np.isin(x, cand).sum()) for x in parts]


def _spread(kept: list[int]) -> bool:
    """Phrases kept in PHRASE_SENTENCES sentences or more, PHRASE shingles (a five-word phrase) in each."""
    return sum(k >= PHRASE for k in kept) >= PHRASE_SENTENCES


def phrase_links(results: list[dict], parts: list[np.ndarray], shingles: dict[str, np.ndarray]) -> frozenset:
    """Candidates whose phrases the article kept though the comparison matched none of its sentences (a
    rewrite that keeps the source's wording in pieces): they hold at least PHRASE_SHARE of the article's
    own shingles (``parts``, see ``phrase_parts``), spread over at least PHRASE_SENTENCES of its own
    sentences (PHRASE shingles in each: one shared sentence is a stock phrase or a quote, not a rewrite)."""
    total = sum(len(x) for x in parts)
    out = set()
    for r in results:
        if r["matched"] or r["derivation"] != "none":
            continue
        kept = _kept_phrases(parts, shingles[r["id"]])
        if sum(kept) >= PHRASE_SHARE * total and _spread(kept):
            out.add(r["id"])
    return frozenset(out)


def lead_link(results: list[dict], shingles: dict[str, np.ndarray], ignore: np.ndarray | None,
              rare: set[str], arts: dict[str, Article], article: Article, stock: frozenset,
              parts: list[np.ndarray], lone: frozenset = frozenset(), n: int = 3) -> frozenset:
    """The best-scored candidate, where no sentence of the article matches one of its sentences, when it
    holds the article's rare words best (LEAD_WORDS of its own sentences' rare words at least) and either
    scores at least LEAD times as well as any candidate of another story, or keeps the article's phrases in
    PHRASE_SENTENCES of its sentences (PHRASE shingles in each, as ``phrase_links`` reads the article's
    sentence shingles ``parts``) where no candidate of another story does: a short rewrite (a one-sentence
    brief) keeps its source's names and rare words, not its sentences, and a rewrite of one text keeps
    pieces of its wording. The article's ``stock`` sentences, which texts of unrelated stories print too,
    neither give rare words nor make two candidates one story. Candidates that may have come out together
    with the article (``together`` with its date: other papers' editions of the same day) are not its
    rivals for it, nor are those the dates rule out (out after the article: they cannot be its source,
    so holding its words best proves nothing about one that can); ``lone`` (see ``lone_links``) are never it."""
    possible = [r for r in results if r.get("date_consistent") is not False]
    pool = [r for r in possible if not together(r["date"], article.date)] or possible
    if not pool:
        return frozenset()
    best = max(pool, key=lambda r: (r["score"], r["id"]))
    if best["id"] in lone or best["matched"] or best["derivation"] != "none" \
            or (best["words"] or 0.0) < max(r["words"] or 0.0 for r in pool):
        return frozenset()
    own_words, own_names, stock_shingles = _own_text(article, stock, n)
    held = set(words(arts[best["id"]].text))
    kept = sorted(rare & own_words & held)
    named = rare & own_names
    if len(kept) < LEAD_WORDS or not named & held:
        return frozenset()  # a short rewrite keeps its source's names; in a small corpus "rare" is any word
    own = [np.setdiff1d(_kept(shingles[r["id"]], ignore), stock_shingles) for r in results]
    k = results.index(best)
    story = same_story(own)[k]
    rivals = [r for j, r in enumerate(results) if j != k and not story[j]]
    rival = max((r["score"] for r in rivals), default=0.0)
    if best["score"] >= LEAD * rival:
        times = best["score"] / max(rival, 1e-9)
        why = f"scores {times:.1f} times any other story's candidate: a short rewrite of it"
    elif _spread(mine := _kept_phrases(parts, shingles[best["id"]])) and not any(
            _spread(_kept_phrases(parts, shingles[r["id"]])) for r in rivals):
        why = (f"keeps its phrases in {sum(x >= PHRASE for x in mine)} of the article's sentences, as no other "
               "story's candidate does: a rewrite of it")
    elif len(named) >= LEAD_WORDS and named <= held and not any(named <= set(words(arts[r["id"]].text))
                                                                 for r in rivals):
        why = (f"names all the article's rare names ({', '.join(sorted(named)[:8])}), as no other story's candidate "
               "does: a short rewrite of it")
    else:
        return frozenset()
    best["reasons"].append(f"no sentence of the article matches one of its own, but it holds the article's rare "
                           f"words best ({', '.join(kept[:8])}) and {why}")
    return frozenset({best["id"]})


def _own_text(article: Article, stock: frozenset, n: int = 3) -> tuple[set[str], set[str], np.ndarray]:
    """The words of the article's own sentences, those of them it writes as names (capitalised, not first in
    their sentence), and the shingles of its stock sentences."""
    from ..text.sentences import split_sentences
    from .shingles import text_shingles
    sentences = split_sentences(article.text, article.id)
    own = [s.text for s in sentences if s.index not in stock]
    mine = set(words(" ".join(own)))
    named = {w for t in own for tok in _TOKEN.findall(t)[1:] if tok[0].isupper() for w in words(tok)}
    common = [text_shingles(s.text, n) for s in sentences if s.index in stock]
    return mine, named, np.unique(np.concatenate(common)) if common else np.zeros(0, np.uint64)


_TOKEN = re.compile(r"[^\W\d_][\w'’-]*")


# ---------------------------------------------------------------------- the decision, for `trace`

def own_shingles(article: Article, stock: frozenset, n: int = 3) -> np.ndarray:
    """The article's shingles within its sentences, leaving out its stock sentences and its dateline:
    a shingle that runs into a footer or credit line, the outlet's "CITY —", or across the seam where
    a copy dropped a sentence, is shared by copies that never copied each other."""
    from ..text.sentences import split_sentences
    from .shingles import text_shingles
    parts: list[np.ndarray] = []
    for s in split_sentences(article.text, article.id):
        if s.index not in stock:
            parts.append(text_shingles(_DATELINE_OPEN.sub("", s.text) if not parts else s.text, n))
    return np.unique(np.concatenate(parts)) if parts else np.zeros(0, np.uint64)


_DATELINE_OPEN = re.compile(r"^\s*[A-Z][A-Z .,'’-]{1,40}?\s*(?:\([^)]{1,30}\))?\s*[—–-]\s*")


def decide(results: list[dict], article: Article, q: np.ndarray, shingles: dict[str, np.ndarray],
           arts: dict[str, Article], ignore: np.ndarray | None, top: int, holds_story: Holder | None = None,
           phrased: frozenset = frozenset()) -> dict:
    """``sources`` (the one the article was taken from first, then the origin upstream of it and
    further sources it also took text from), ``siblings`` (copies of the same origin, with the
    origin named) and ``related`` (candidates the comparison does not call a source), each with reasons.
    ``holds_story(forms, id)``: whether the corpus holds a text on the story of ``id`` from an outlet
    named by one of ``forms`` (see ``absent_origin``); ``phrased``: see ``derives``."""
    for r in results:
        w, why = pair_origin(arts[r["id"]], article, date_order(r["date"], article.date), 0.0,
                             (outlet_kind(arts[r["id"]]), outlet_kind(article)))
        if w <= -CLEAR:
            r["copies_article"] = True
            r["reasons"] += why
    family = sorted((r for r in results if derives(r, phrased)), key=lambda r: (-r["score"], r["id"]))
    related = [r for r in results if not derives(r, phrased)]
    if not family:
        return {"sources": [], "siblings": [], "related": _related(related, results),
                "verdict": "no source in this corpus"}
    own = [_kept(shingles[r["id"]], ignore) for r in family]
    holds = held(q, own, ignore)
    story = same_story(own)
    anc = ancestry(family, arts, own, story, _kept(q, ignore))
    # a credit line of the article's own ("Reposted from X") outranks a credit its copied text carries
    # along (the agency's dateline that X kept)
    credit = credits_in_line if credit_lines(article.text) else credits
    named = [credit(article.text, arts[r["id"]].outlet) and bool(r["outlet"]) for r in family]
    margin = margin_of(holds.shape[1])
    outlets = [next(iter(sorted(names(arts[r["id"]].outlet))), r["id"]) for r in family]
    groups = [outlets.index(o) for o in outlets]
    prior = [not together(r["date"], article.date) for r in family]
    follow = follow_ups(family, groups, anc, article.date)
    pick, why = choose(0, holds, anc, named, margin, groups, prior, story, follow)
    only = exclusive(holds)
    absent = absent_origin(article, family, arts, holds, pick, named, margin, anc, holds_story)
    if absent:
        for r in family:
            r["reasons"].append(absent[0])
            r["role"], r["origin"] = "sibling", None
            r.pop("_explains", None)
        return {"sources": [], "siblings": family, "related": _related(related, results),
                "verdict": "no source in this corpus", "absent_origin": absent[1]}
    chain = upstream_chain(pick, anc, only, margin)
    upstream, extra, siblings = [], [], []
    for k, r in enumerate(family):
        if k == pick:
            continue
        if k in chain:
            below = family[pick if chain.index(k) == 0 else chain[chain.index(k) - 1]]["id"]
            r["reasons"].append(f"the origin of {below}" + (", which the article took its text from"
                                                             if below == family[pick]["id"] else ""))
            upstream.append(k)
        elif only[k, pick] >= margin:
            r["reasons"].append(f"the article took {int(only[k, pick])} shingles of text that it holds and "
                                f"{family[pick]['id']} lacks")
            extra.append(k)
        else:
            siblings.append(_sibling(r, family, k, pick, anc, only))
    source = family[pick]
    source["reasons"] += [w for k, w in enumerate(why) if k == 0 or w != why[k - 1]]  # a move repeated up a chain
    tied = [family[k]["id"] for k in range(len(family)) if k != pick and story[k, pick]
            and max(only[k, pick], only[pick, k]) < margin and holds[k].sum() >= margin]
    if tied:
        source["tied_with"] = tied
        source["reasons"].append(f"the article's text does not tell it from {', '.join(tied)}: each holds all "
                                 "the article took that the other holds; the other signals chose it")
    origin = next((k for k in np.argsort(-anc[:, pick]) if anc[k, pick] > 0), None)
    if origin is not None and only[pick, origin] >= margin:
        source["took_only"] = int(only[pick, origin])
        source["only_text"] = only_text(article, _kept(np.unique(q), ignore), holds[pick] & ~holds[origin])
    ordered = [source] + [family[k] for k in upstream] + [family[k] for k in extra]
    sources = rank(ordered, top)
    for r in sources[1:1 + len(upstream)]:
        r["role"] = "upstream"
    for r in siblings:
        r.pop("_explains", None)
    return {"sources": sources, "siblings": siblings, "related": _related(related, results),
            "verdict": "source found"}


def upstream_chain(pick: int, anc: np.ndarray, only: np.ndarray, margin: float) -> list[int]:
    """The chosen candidate's origin, that one's origin, and so on: at each step the candidate judged its
    origin most clearly, holding all the article took from the chosen one. Other candidates that came out
    before it are copies beside it, not its origins."""
    chain: list[int] = []
    cur = pick
    while True:
        up = [k for k in range(len(anc)) if k != pick and k not in chain and anc[k, cur] > 0 and only[k, pick] < margin]
        if not up:
            return chain
        cur = max(up, key=lambda k: (anc[k, cur], -k))
        chain.append(cur)


def absent_origin(article: Article, family: list[dict], arts: dict[str, Article], holds: np.ndarray,
                  pick: int, named: list[bool], margin: float, anc: np.ndarray,
                  holds_story: Holder | None = None) -> tuple[str, str | None] | None:
    """Why the chosen candidate is a sibling of the article rather than its source, when their origin is
    not among the candidates, and the origin's name where a credit or dateline gives it:

    * the article credits, in a credit line or its agency dateline, an outlet that is none of the
      candidates' (a copy says where it took its text from; that text is not here);
    * the chosen one credits, likewise, an outlet that is none of the candidates' and the article does
      not credit the chosen one (both are copies of an origin that is not here; the usual case of two
      papers running one agency story, far more common than an uncredited copy of a copy);
    * the article holds text the chosen one lacks that other copies hold, while the chosen one holds
      text of the article those copies lack (each kept a part of an origin that none of them holds
      whole), leaving out the chosen one's own copies and those that may have come out together with
      the article (``together``), and only when none of the candidates is the chosen one's origin.
    An agency's text, or one the article credits, is never a copy of a missing origin. A credited outlet
    is missing when no candidate is from it and ``holds_story`` finds no text of it on the story (a
    heavy rewrite may share too little with its origin's text to be among the candidates)."""
    chosen = arts[family[pick]["id"]]
    if named[pick] or outlet_kind(chosen) == "wire":
        return None
    present = set().union(*(names(arts[r["id"]].outlet) for r in family))
    # unless its outlet is known to be a paper, site or broadcaster, a text under an agency's dateline
    # that credits no one may be the agency's own under another name (a domain, a brand)
    agency = dateline(chosen.text)
    own = names(agency) if agency and outlet_kind(chosen) is None and not credit_lines(chosen.text) else set()

    def missing(forms: set[str]) -> set[str]:
        forms = forms - present
        if not forms or forms & own or (holds_story and holds_story(forms, chosen.id)):
            return set()
        return forms

    gone = missing(_forms(marks(article.text)) - names(article.outlet))
    if gone:
        name = _display(article.text, gone)
        return (f"the article credits {name}, which is none of the candidates: {chosen.id} and the others are "
                "copies of an origin that is not in this corpus"), name
    gone = missing(_forms(marks(chosen.text)) - names(chosen.outlet))
    if gone:
        name = _display(chosen.text, gone)
        return (f"{chosen.id} credits {name}, which is none of the candidates, and the article does not credit "
                f"{chosen.outlet or chosen.id}: copies of one origin that is not in this corpus"), name
    lacking = _kept_by_others(article, family, arts, holds, pick, anc, margin)
    if lacking:
        return (f"the article holds {lacking} shingles that {chosen.id} lacks and other copies hold, and "
                f"{chosen.id} holds text of the article those lack: copies of one origin that is not in this "
                "corpus"), None
    return None


def _kept_by_others(article: Article, family: list[dict], arts: dict[str, Article], holds: np.ndarray,
                    pick: int, anc: np.ndarray, margin: float) -> int:
    """Shingles of the article the chosen one lacks and other copies of its origin hold (0 below ``margin``), where two
    or more of them hold it or the chosen one too holds text of the article they all lack (text only the
    others hold, with nothing of the chosen one's beyond theirs, is text the article took from them: a
    further source, not a missing one).
    Text the chosen one's own copies, or other versions from its outlet, share with the article is not a
    missing origin's."""
    outlet = names(arts[family[pick]["id"]].outlet)
    if (anc[:, pick] > 0).any():
        return 0  # its origin is here
    mine = (anc[pick] > 0) | np.array([bool(outlet & names(arts[r["id"]].outlet)) or together(r["date"], article.date)
                                       for r in family])
    mine[pick] = True
    # a copy of the same origin holds text of the article the chosen one holds too; a text sharing none of
    # it is another story the article was stitched from
    mine |= (holds & holds[pick]).sum(axis=1) < margin
    others = holds[~mine]
    if not len(others):
        return 0
    lacking = int((others.any(axis=0) & ~holds[pick]).sum())
    beyond = int((holds[pick] & ~others.any(axis=0)).sum())
    widely = int(((others.sum(axis=0) >= 2) & ~holds[pick]).sum())  # two copies kept it: the origin's
    return lacking if min(beyond, lacking) >= margin or widely >= margin else 0


def marks(text: str) -> frozenset[str]:
    """The outlets a text credits in a line of its own or in its agency dateline ("CITY (AP) —")."""
    agency = dateline(text)
    return credit_lines(text) | ({agency} if agency else frozenset())


def _display(text: str, forms: set[str]) -> str:
    """The name as the text gives it, for one of ``forms``."""
    for found in sorted(marks(text)):
        if names(found) & forms:
            m = re.search(re.escape(found), text, re.I)
            return m.group(0) if m else found
    return sorted(forms)[0]


def only_text(article: Article, q: np.ndarray, taken: np.ndarray, n: int = 3) -> list[dict]:
    """The article's sentences holding the shingles in ``taken`` (a mask over ``q``, as ``held`` reads it): text
    it took that only one copy had, with offsets into the article."""
    from ..text.sentences import split_sentences
    from .shingles import text_shingles
    keys = np.asarray(q, dtype=np.uint64)[taken]
    out = []
    for s in split_sentences(article.text, article.id):
        if len(np.intersect1d(text_shingles(s.text, n), keys)):
            out.append({"article": article.id, "sentence": s.index, "start": s.start, "end": s.end, "text": s.text})
    return out


def _forms(credits: frozenset[str]) -> set[str]:
    """The credited names with their initials ("associated press" and "ap")."""
    return set().union(*(names(c) for c in credits)) if credits else set()


def ancestry(items: list[dict], arts: dict[str, Article], own: list[np.ndarray], story: np.ndarray,
             query: np.ndarray) -> np.ndarray:
    """anc[a, b]: the weight that a is b's origin where the signals are clear (>= CLEAR), else 0;
    the reasons of each clear pair go on ``items[b]["origin_reasons"]`` keyed by a's id."""
    n = len(items)
    anc = np.zeros((n, n))
    hub = hub_scores(own + [query])[:n]
    texts = [arts[r["id"]] for r in items]
    kinds = [outlet_kind(a) for a in texts]
    for i in range(n):
        for j in range(i + 1, n):
            if not story[i, j]:
                continue
            w, why = pair_origin(texts[i], texts[j], date_order(texts[i].date, texts[j].date),
                                 float(hub[i] - hub[j]), (kinds[i], kinds[j]))
            if abs(w) >= CLEAR:
                anc[i, j], anc[j, i] = w, -w
                later, first = (j, i) if w > 0 else (i, j)
                items[later].setdefault("origin_reasons", {})[items[first]["id"]] = why
    return anc


def _kept(sh: np.ndarray, ignore: np.ndarray | None) -> np.ndarray:
    sh = np.asarray(sh, dtype=np.uint64)
    if ignore is None or not len(ignore) or not len(sh):
        return sh
    pos = np.minimum(np.searchsorted(ignore, sh), len(ignore) - 1)
    return sh[ignore[pos] != sh]


def _sibling(r: dict, family: list[dict], k: int, pick: int, anc: np.ndarray, only: np.ndarray) -> dict:
    source = family[pick]["id"]
    origin = source if anc[pick, k] > 0 else next(
        (family[a]["id"] for a in np.argsort(-anc[:, k]) if anc[a, k] > 0 and anc[a, pick] > 0), source)
    held_more = (f"holds only {int(only[k, pick])} shingles of the article's text that {source} lacks"
                 if only[k, pick] else f"holds nothing of the article's text that {source} lacks")
    r["reasons"].append(f"{held_more}: a copy of the same origin ({origin}), not the source")
    r["role"] = "sibling"
    r["origin"] = origin
    return r


def _related(rest: list[dict], results: list[dict]) -> list[dict]:
    out = []
    for r in sorted(rest, key=lambda r: (-r["score"], r["id"]))[:RELATED]:
        r.pop("_explains", None)
        r["role"] = "related"
        r["reasons"].append(_why_not(r))
        out.append(r)
    return out


def _why_not(r: dict) -> str:
    if r.get("date_consistent") is False:
        return "not a source: the dates rule it out"
    if r.get("copies_article"):
        return "not a source: it more likely took its text from the article"
    return "not a source: the article took none of its own sentences from it, only shared phrases or stock sentences"
