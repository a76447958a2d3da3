"""Rules that skip work a sentence does not need give the findings the plain loops gave."""
from __future__ import annotations

import pytest
from conftest import EXAMPLES, FIXTURES, compared, pair

from redline.explain import build_context, default_lexicon, wording
from redline.explain.context import contains_phrase, flat_all
from redline.ingest import load_article


def plain_loaded_language(ctx):
    did, all_source, out = ctx.derived_article.id, wording._all_source(ctx), []
    for _m, a in zip(ctx.comparison.derived_sentences, ctx.derived):
        sources = ctx.matched_sources(a.index)
        words = flat_all(s.text for s in sources) if sources else all_source
        for sp in a.loaded:
            if sp.weight < wording.MIN_LOADED or wording._in_source(sp, words, sources):
                continue
            out.append(wording._loaded_finding(ctx, did, a, sp, sources))
    return out


def plain_weasels_added(ctx):
    out = []
    for _m, a in zip(ctx.comparison.derived_sentences, ctx.derived):
        sources = ctx.matched_sources(a.index)
        src_words = flat_all(s.text for s in sources)
        for x in a.attributions:
            if x.kind == "weasel" and not contains_phrase(src_words if sources else wording._all_source(ctx), x.text):
                out.append((a.index, x.start, x.text))
    return out


def comparisons():
    names = sorted({p.name.split(".")[0] for p in FIXTURES.glob("*.source.txt")})
    yield compared(load_article(EXAMPLES / "wire.txt"), load_article(EXAMPLES / "rewrite.txt"))
    for name in names:
        yield compared(*pair(name))


@pytest.mark.parametrize("c", list(comparisons()), ids=lambda c: c.derived.id)
def test_loaded_language_and_added_weasels_as_the_plain_loops_found_them(c):
    ctx = build_context(c, default_lexicon())
    assert wording.loaded_language(ctx) == plain_loaded_language(ctx)
    added = [f for f in wording.attribution_changes(ctx) if f.kind == "attribution_added"]
    assert [(f.data["sentence"], f.derived[0].start, f.data["attribution"]) for f in added] == plain_weasels_added(ctx)
