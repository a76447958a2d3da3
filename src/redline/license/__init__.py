"""Republication terms: policies, terms found in the source, and checks on a copy (docs/license.md).

>>> from redline.pipeline import check_license
>>> result = check_license("story.html", "copy.html", policy="cc-by-nd")   # doctest: +SKIP
>>> result.license["verdict"]                                       # doctest: +SKIP
'breach'
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ..model import Comparison
from .checks import Context, run_checks
from .facts import page_of, source_facts
from .policy import AUTO, Policy, builtin_names, load_policy, parse_policy, policy_from_dict
from .signals import copy_signals
from .terms import detect_terms

USES = (None, "commercial", "noncommercial")

__all__ = ["AUTO", "Policy", "builtin_names", "check_comparison", "load_policy",
           "parse_policy", "policy_from_dict", "verdict_of"]


def check_comparison(comparison: Comparison, policy=None, use: str | None = None) -> Comparison:
    """The comparison with its ``license`` verdict filled in.

    ``policy`` is a Policy, a built-in name or TOML path, or None/``AUTO`` for the terms the
    source states itself. ``use`` ('commercial' or 'noncommercial') declares how the copy is used.
    """
    if use not in USES:
        from ..errors import InputError
        raise InputError("use", f"must be commercial or noncommercial, got {use!r}")
    if isinstance(policy, str):
        policy = load_policy(policy)
    elif isinstance(policy, Mapping):
        policy = policy_from_dict(policy, "policy")
    source = comparison.source
    src_page = page_of(source)
    if policy is None or policy is AUTO:
        policy = detect_terms(source, src_page)
    if policy is None:
        return replace(comparison, license=_no_terms(source.id))
    ctx = Context(comparison, policy, source_facts(source, src_page),
                  copy_signals(comparison.derived, page_of(comparison.derived)), use)
    requirements = run_checks(ctx)
    verdict = verdict_of(requirements)
    return replace(comparison, license={"policy": _policy_dict(policy), "requirements": requirements,
                                        "verdict": verdict, "summary": _summary(policy, verdict, requirements)})


def verdict_of(requirements: list[dict[str, Any]]) -> str:
    statuses = {r["status"] for r in requirements}
    if statuses & {"unmet", "partial"}:
        return "breach"
    if "unknown" in statuses:
        return "undetermined"
    return "compliant"


def _policy_dict(policy: Policy) -> dict[str, Any]:
    return policy.to_dict()


def _no_terms(source_id: str) -> dict[str, Any]:
    return {"policy": None, "requirements": [], "verdict": "undetermined",
            "summary": f"no republication terms found in {source_id}; give a policy (--policy NAME|FILE)"}


def _summary(policy: Policy, verdict: str, requirements: list[dict[str, Any]]) -> str:
    where = {"builtin": "built-in policy", "file": "policy file", "source-terms": "the source's own terms"}
    head = f"{verdict} under {policy.name} ({where.get(policy.origin, policy.origin)})"
    if not requirements:
        return f"{head}: the policy requires nothing that can be checked"
    bad = [r for r in requirements if r["status"] != "met"]
    if not bad:
        return f"{head}: all {len(requirements)} requirements met"
    return f"{head}: " + "; ".join(f"{r['name']} {r['status']} ({r['detail']})" for r in bad)
