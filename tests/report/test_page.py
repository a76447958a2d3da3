"""The page shell: one Jinja environment, base.html, and a Content-Security-Policy that allows exactly
the inlined scripts by hash."""
from __future__ import annotations

import base64
import hashlib
import re

from redline.model import Evidence, Finding
from redline.report.page import asset, environment, render_page
from redline.report.views import SentenceView, Targets, article_card, findings_view, text_view
from redline.text.sentences import split_sentences

TEMPLATES = ("compare.html", "framing.html", "license.html", "trace.html", "lineage.html")


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_another_page_can_extend_the_base_template(hostile_articles):
    """The recipe in docs/html.md: a page of one article with its own template and findings."""
    template = environment().from_string(
        '{% extends "base.html" %}{% import "macros.html" as ui %}'
        '{% block heading %}<h1>Framing report</h1>{% endblock %}'
        '{% block main %}<section>{{ ui.article_card(card) }}{{ ui.legend(legend) }}'
        '{{ ui.article_text(paragraphs) }}</section><section>{{ ui.findings(findings) }}</section>'
        '{% endblock %}')
    _, article = hostile_articles
    needle = "outrageous"
    start = article.text.index(needle)
    finding = Finding("loaded_language", "medium", "A loaded word.",
                      derived=(Evidence(article.id, 0, start, start + len(needle), needle),))
    targets = Targets([(article, "a", "article")])
    findings = findings_view([finding], targets)
    sentences = [SentenceView(s.start, s.end, s.paragraph, f"a{s.index}", "sent lab-added")
                 for s in split_sentences(article.text, article.id)]
    html = render_page(template, title="redline framing <x>", card=article_card(article, "Article"),
                       legend=[{"cls": "ev sev-high", "name": "loaded", "help": "loaded word"}],
                       paragraphs=text_view(article, sentences, targets.marks[article.id]),
                       findings=findings)
    assert "<h1>Framing report</h1>" in html and "<title>redline framing &lt;x&gt;</title>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert f'data-start="{start}" data-end="{start + len(needle)}" data-findings="f1"' in html
    assert 'href="#a0"' in html and ">article, sentence 1</a>" in html
    assert "Content-Security-Policy" in html and html.count("<script>") == 1


def test_inlined_scripts_are_allowed_by_their_hash_and_nothing_else():
    scripts = ("report.js", "lineage.js")
    html = render_page("base.html", scripts=scripts, title="t")
    csp = re.search(r'Content-Security-Policy" content="([^"]*)"', html).group(1).replace("&#39;", "'")
    allowed = re.search(r"script-src ([^;]*);", csp).group(1).split()
    assert allowed == [f"'sha256-{_sha256(asset(n))}'" for n in scripts]
    assert "unsafe-inline" not in re.search(r"script-src[^;]*", csp).group(0)
    for name in scripts:
        assert f"<script>{asset(name)}</script>" in html
    bare = render_page("base.html", scripts=(), title="t")
    assert "<script" not in bare and "script-src &#39;none&#39;" in bare


def test_every_page_extends_the_base_template_and_has_one_policy():
    env = environment()
    for name in TEMPLATES:
        source = env.loader.get_source(env, name)[0]
        assert source.lstrip().startswith("{% extends \"base.html\" %}"), name
        assert "Content-Security-Policy" not in source and "<script>" not in source, name
    base = env.loader.get_source(env, "base.html")[0]
    assert base.count("Content-Security-Policy") == 1


def test_one_environment_with_autoescape():
    env = environment()
    assert env is environment() and env.autoescape is True
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
