"""A detection's confidence: how likely its span is the embed, exactly.

The signature makes a detection almost always *right* (it overlaps an embed); where
the post's text starts is what is uncertain. The walk back (:mod:`.walk_back`) says
why it stopped where it did: ``"<reason>:<boundary>"``, the reason one of

* ``article``: the next unit reads like the article's (a lead-in, a finished sentence),
* ``length``: one more unit would exceed the post's length limit,
* ``quote_end``: html2text's ``>`` quote ended,
* ``floor`` / ``window``: the lines ran out at the text's start or the previous
  embed (``floor``), or at the look-back window's edge (``window``),
* ``body`` (cards and widgets, whose text the signature encloses) and ``no_text``,

and the boundary that of the unit it stopped at (``blank``, ``line``, ``inline``).
The share of detections with each (rule, evidence) whose span was exact was counted
on a generated set (``tools/fit_span_confidence.py``, never on the real sets it is
checked on) and shrunk towards the share of its rule, then of all detections, when
there were few. A pair the fit never saw keeps the rule's own prior.
"""

from __future__ import annotations

from embedresolve.detect.text.span_confidence_fitted import FITTED


def span_confidence(rule: str, evidence: str, prior: float) -> float:
    """P(the span is exactly the embed) for a detection by ``rule`` whose start rests on ``evidence``."""
    for key in (f"{rule}|{evidence}", f"{rule}|{evidence.split(':', 1)[0]}", rule):
        fitted = FITTED.get(key)
        if fitted is not None:
            return fitted
    return prior
