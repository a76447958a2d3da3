"""Alignment: order-free sentence matching, verbatim spans, labels, derivation level, direction."""
