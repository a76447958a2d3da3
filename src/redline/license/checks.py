"""One check per requirement. Each returns a status (met | unmet | partial | unknown), a one-line
detail and evidence. ``unknown`` means the copy as given cannot show the element (plain text has
no logo or hyperlinks; a byline filled in by a script), not that it is missing."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from ..model import Comparison
from ..text.names import find_all, norm, partial_names, person_partials, url_key
from ..text.sentences import split_sentences
from .edits import check_edits
from .facts import SourceFacts
from .policy import Policy
from .signals import Hit, Signals, is_logo

MAX_HITS = 5
BEFORE_CREDIT = re.compile(r"(?:\bby|\bon|\bin|\bfrom|\bof|\bvia|\bto|\bat|:|©|\()\s*(?:the\s+)?$", re.I)
AUTHOR_LINE = re.compile(r"\b(?:written|reported|produced) by\b|\bwrites for\b|"
                         r"\bis an? (?:\w+ )?(?:reporter|correspondent|writer|editor|journalist|columnist)\b", re.I)
AFTER_CREDIT = re.compile(r"\s*(?:contributed|reported|wrote|produced|originally|first|\))", re.I)


@dataclass
class Context:
    comparison: Comparison
    policy: Policy
    facts: SourceFacts
    signals: Signals
    use: str | None = None

    @property
    def copy_id(self) -> str:
        return self.comparison.derived.id

    def authors(self) -> list[str]:
        return list(self.policy.element("byline").names) or self.facts.authors

    def outlets(self) -> list[str]:
        return list(self.policy.element("credit").names) + self.facts.outlets

    def affiliations(self) -> list[str]:
        return list(self.policy.element("affiliation").names) or self.facts.affiliations or self.outlets()

    def evidence(self, hits: list[Hit]) -> list[dict[str, Any]]:
        seen, out = set(), []
        for h in hits:
            key = (h.where, h.start, h.end, h.text)
            if key not in seen:
                seen.add(key)
                out.append(h.evidence(self.copy_id))
        return out[:MAX_HITS]


def result(name: str, status: str, detail: str, evidence=(), **extra) -> dict[str, Any]:
    return {"name": name, "status": status, "detail": detail, "evidence": list(evidence), **extra}


def byline_slots(sig: Signals) -> list[Hit]:
    return sig.bylines + sig.credit_lines


def _slot_text(h: Hit) -> str:
    return h.value or h.text


def check_byline(ctx: Context) -> dict[str, Any]:
    authors = ctx.authors()
    if not authors:
        if _no_byline(ctx):
            return result("byline", "unmet", "the copy has no byline at all (so none naming the source's author, "
                          "whoever that is)")
        return result("byline", "unknown", "the source's author is not known (name them under [byline] in a policy)")
    slots = byline_slots(ctx.signals)
    found: list[tuple[str, list[Hit]]] = []
    partial: list[tuple[str, list[Hit]]] = []
    missing: list[tuple[str, list[Hit]]] = []
    for author in authors:
        full = [h for h in slots if find_all(_slot_text(h), author)]
        part = [h for h in slots if any(find_all(_slot_text(h), p) for p in person_partials(author))]
        (found if full else partial if part else missing).append((author, full or part))
    hits = [h for _, hs in found + partial for h in hs]
    expected = {"expected": authors}
    if not partial and not missing:
        return result("byline", "met", f"credits {', '.join(authors)} as author", ctx.evidence(hits), **expected)
    if found or partial:
        names = ", ".join(a for a, _ in partial + missing)
        return result("byline", "partial", f"author(s) named only in part or not at all: {names}",
                      ctx.evidence(hits), **expected)
    if ctx.signals.js_byline is not None:
        return result("byline", "unknown", "the page fills its byline in with a script; it cannot be read here",
                      ctx.evidence([ctx.signals.js_byline]), **expected)
    others = ctx.signals.bylines
    detail = (f"the byline names someone else ({_slot_text(others[0])[:80]})" if others
              else f"no byline naming {', '.join(authors)}")
    return result("byline", "unmet", detail, ctx.evidence(others), **expected)


def _no_byline(ctx: Context) -> bool:
    """The copy shows no author line anywhere: no byline field, line or element, nor one a script writes."""
    sig = ctx.signals
    return not sig.bylines and sig.js_byline is None and \
        not any(AUTHOR_LINE.search(_slot_text(h)) for h in sig.credit_lines)


def check_credit(ctx: Context) -> dict[str, Any]:
    names = ctx.outlets()
    if not names:
        return result("credit", "unknown", "the source's outlet is not known (name it under [credit] in a policy)")
    expected = {"expected": names}
    hits = [h for n in names for h in ctx.signals.find(n)]
    if hits:
        return result("credit", "met", "credits the source outlet", ctx.evidence(_credit_first(ctx, hits)), **expected)
    full = {n.lower() for n in names}
    partial = [(p, h) for n in names for p in partial_names(n) if p.lower() not in full
               for h in _credit_places(ctx) if _credits(h, p)]
    if partial:
        return result("credit", "partial", f"names the outlet only in part ('{partial[0][0]}', not '{names[0]}')",
                      ctx.evidence([h for _, h in partial]), **expected)
    return result("credit", "unmet", f"no credit naming {names[0]}", **expected)


def _credit_places(ctx: Context) -> list[Hit]:
    sig = ctx.signals
    return sig.credit_lines + sig.bylines + sig.credit_fields + sig.images


def _credits(hit: Hit, name: str) -> bool:
    """A shortened name counts as (partial) credit only where it is given as credit: in a byline,
    credit field or image, or right after a credit phrase; elsewhere it is likely a place."""
    text = _slot_text(hit)
    if hit.kind != "credit line":
        return bool(find_all(text, name))
    return any(BEFORE_CREDIT.search(text[:s]) or AFTER_CREDIT.match(text[e:]) for s, e in find_all(text, name))


def _credit_first(ctx: Context, hits: list[Hit]) -> list[Hit]:
    lines = [(c.start, c.end) for c in ctx.signals.credit_lines if c.start is not None and c.end is not None]
    def in_credit(h: Hit) -> bool:
        return h.where == "text" and any(s <= (h.start or -1) < e for s, e in lines)
    return sorted(hits, key=lambda h: (not in_credit(h), h.where != "text"))


def check_link(ctx: Context) -> dict[str, Any]:
    urls = list(ctx.policy.element("link").urls) + ctx.facts.urls
    if not urls:
        return result("link", "unknown", "the source's URL is not known (list it under [link] in a policy)")
    keys = {url_key(u) for u in urls}
    hosts = {h for h, _ in keys if h}
    links = ctx.signals.links
    exact = [h for h in links if url_key(h.value) in keys]
    expected = {"expected": urls}
    if exact:
        return result("link", "met", "links to the original", ctx.evidence(exact), **expected)
    same_site = [h for h in links if url_key(h.value)[0] in hosts]
    if same_site:
        return result("link", "partial", "links to the source's site but not to the original story",
                      ctx.evidence(same_site), **expected)
    if not ctx.signals.is_html and not links:
        return result("link", "unknown", "plain text cannot show a hyperlink and no URL is written out", **expected)
    return result("link", "unmet", f"no link to {urls[0]}", **expected)


def check_logo(ctx: Context) -> dict[str, Any]:
    if not ctx.signals.is_html:
        return result("logo", "unknown", "plain text cannot show a logo")
    patterns = list(ctx.policy.element("logo").match)
    logos = [h for h in ctx.signals.images if is_logo(h, ctx.outlets(), patterns)]
    if logos:
        return result("logo", "met", "shows the source's logo", ctx.evidence(logos))
    if ctx.signals.unresolved_images:
        return result("logo", "unknown", "the page has images loaded by script; the logo may be among them")
    return result("logo", "unmet", "no image of the source's logo on the page")


def check_notice(ctx: Context) -> dict[str, Any]:
    element = ctx.policy.element("notice")
    if not element.text and not element.urls:
        return result("notice", "unknown", "the policy gives no notice text to look for")
    texts = [("text", ctx.comparison.derived.text)]
    if ctx.signals.page is not None:
        texts.append(("html", ctx.signals.page.visible_text()[0]))
    hits, best = [], (0.0, "")
    for notice in element.text:
        for where, text in texts:
            spans = find_all(text, notice)
            if where == "text":
                hits += [Hit("text", "notice", text[s:e], s, e) for s, e in spans]
            elif spans or norm(notice) in norm(text):
                hits.append(Hit("meta", "notice in page text", notice))
            score = fuzz.partial_ratio(norm(notice), norm(text)) if len(notice) >= 30 else 0.0
            best = max(best, (score, notice))
    hits += [h for h in ctx.signals.links for u in element.urls if u.lower() in h.value.lower()]
    if hits:
        return result("notice", "met", "carries the required notice", ctx.evidence(hits))
    if best[0] >= 80:
        return result("notice", "partial", f"carries a notice close to, but not, '{best[1][:60]}'")
    return result("notice", "unmet", f"no notice such as '{(element.text or element.urls)[0][:60]}'")


def check_affiliation(ctx: Context) -> dict[str, Any]:
    authors, groups = ctx.authors(), ctx.affiliations()
    if not authors and groups and _no_byline(ctx):
        return result("affiliation", "unmet", "the copy has no byline to carry the author's affiliation",
                      expected=groups)
    if not authors or not groups:
        return result("affiliation", "unknown", "the source's author or their affiliation is not known")
    places = byline_slots(ctx.signals) + _sentences_naming(ctx, authors)
    with_author = [h for h in places for a in authors
                   if any(find_all(_slot_text(h), n) for n in [a] + person_partials(a)[-1:])]
    full = [h for h in with_author if any(find_all(_slot_text(h), g) for g in groups)]
    expected = {"expected": groups}
    if full:
        return result("affiliation", "met", f"names the author with {groups[0]}", ctx.evidence(full), **expected)
    part = [h for h in with_author for g in groups for p in partial_names(g) if find_all(_slot_text(h), p)]
    if part:
        return result("affiliation", "partial", "names the author's affiliation only in part",
                      ctx.evidence(part), **expected)
    credited = [h for g in groups for h in ctx.signals.find(g) if h.kind in ("text", "page text")]
    if with_author and credited:
        return result("affiliation", "partial", f"names the author, and credits {groups[0]} elsewhere, "
                      "but not as the author's affiliation", ctx.evidence(with_author + credited), **expected)
    if with_author:
        return result("affiliation", "unmet", "names the author without their affiliation",
                      ctx.evidence(with_author), **expected)
    if ctx.signals.js_byline is not None:
        return result("affiliation", "unknown", "the byline is filled in by a script", **expected)
    return result("affiliation", "unmet", "no byline to carry the author's affiliation", **expected)


def _sentences_naming(ctx: Context, authors: list[str]) -> list[Hit]:
    text = ctx.comparison.derived.text
    return [Hit("text", "sentence", s.text, s.start, s.end) for s in split_sentences(text)
            if any(find_all(s.text, a) for a in authors)]


def check_edits_req(ctx: Context) -> dict[str, Any]:
    status, evidence, detail = check_edits(ctx.comparison, ctx.policy.edits)
    return result("edits", status, detail, evidence, allowed=ctx.policy.edits)


def check_headline(ctx: Context) -> dict[str, Any]:
    src, copy = ctx.comparison.source.title, ctx.comparison.derived.title
    if not src or not copy:
        return result("headline", "unknown", "the source's or the copy's headline is not known")
    evidence = [{"article": ctx.comparison.source.id, "in": "meta", "kind": "title", "text": src},
                {"article": ctx.copy_id, "in": "meta", "kind": "title", "text": copy}]
    if norm(src) == norm(copy) or norm(src) in norm(copy):
        return result("headline", "met", "keeps the source's headline", evidence)
    return result("headline", "unmet", "changes the headline", evidence)


def check_commercial(ctx: Context) -> dict[str, Any]:
    if ctx.use == "commercial":
        return result("commercial", "unmet", "the copy was declared commercial use")
    if ctx.use == "noncommercial":
        return result("commercial", "met", "the copy was declared non-commercial use")
    markers = ctx.signals.commerce
    if markers:
        return result("commercial", "unmet", "the copy carries advertising, sponsorship or a paywall",
                      ctx.evidence(markers))
    if ctx.signals.is_html:
        return result("commercial", "met", "no advertising, sponsorship or paywall markers on the page")
    return result("commercial", "unknown", "plain text cannot show whether the copy is used commercially")


CHECKS = {"byline": check_byline, "credit": check_credit, "link": check_link, "logo": check_logo,
          "notice": check_notice, "affiliation": check_affiliation}


def run_checks(ctx: Context) -> list[dict[str, Any]]:
    out = [CHECKS[name](ctx) for name in ctx.policy.required()]
    if ctx.policy.edits != "any":
        out.append(check_edits_req(ctx))
    if not ctx.policy.headline:
        out.append(check_headline(ctx))
    if not ctx.policy.commercial:
        out.append(check_commercial(ctx))
    return out
