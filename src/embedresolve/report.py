"""``embedresolve report OUT``: a small static HTML page about a run, to open in a browser.

Embeds by platform and by resolution status, then each embed: before and
after (the text that was cut, marked in its place in the original, which
``restore_record`` puts back, beside the clean text), what was read from it
(author, date, links, post ID) and its provenance, step by step with every
request. One self-contained file: no scripts, no external styles, every
value HTML-escaped. The counts cover every record; the embeds listed stop at
``limit`` so a large run stays a page a browser opens.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable
from typing import Any

from embedresolve.pipeline import restore_record

CONTEXT = 240  # characters of the article shown on each side of a cut
_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
h1{font-size:1.5rem}table{border-collapse:collapse;margin:.5rem 1.5rem 1rem 0;display:inline-table}
td,th{border:1px solid #ccc;padding:.2rem .6rem;text-align:left}th{background:#f3f3f3}
.embed{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;margin:1rem 0}
.context{white-space:pre-wrap;background:#fafafa;padding:.5rem;font-family:ui-monospace,monospace;font-size:13px}
mark{background:#ffe08a}.status{font-weight:600}.resolved{color:#177a2a}.failed{color:#b00020}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1rem}h3{font-size:.9rem;margin:.3rem 0;color:#555}
dl{display:grid;grid-template-columns:max-content auto;gap:.1rem 1rem}dt{color:#666}
"""


def render_report(
    records: Iterable[dict[str, Any]], *, title: str = "embedresolve report", limit: int = 500
) -> str:
    """The HTML page for cleaned ``records`` (what ``clean`` writes)."""
    platforms: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    sections: list[str] = []
    count = 0
    for number, record in enumerate(records):
        count += 1
        embeds = record.get("embeds") or []
        original = restore_record(record) if embeds else record
        for embed in embeds:
            platforms[embed.get("platform", "?")] += 1
            status = (embed.get("resolution") or {}).get("status", "skipped")
            statuses[status] += 1
            if len(sections) < limit:
                sections.append(_embed_section(number, record, original, embed, status))
    total = sum(platforms.values())
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<p id="totals"><span id="records">{count}</span> records, '
        f'<span id="embeds">{total}</span> embeds</p>',
        _table("Platform", "platform", platforms),
        _table("Status", "status", statuses),
    ]
    if total > len(sections):
        parts.append(f"<p>The first {len(sections)} of {total} embeds are listed.</p>")
    parts += sections
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _table(heading: str, kind: str, counts: Counter[str]) -> str:
    rows = "".join(
        f'<tr data-{kind}="{_e(name)}"><td>{_e(name)}</td><td class="count">{n}</td></tr>'
        for name, n in counts.most_common()
    )
    return f'<table id="by-{kind}"><tr><th>{heading}</th><th>Embeds</th></tr>{rows}</table>'


def _embed_section(
    number: int, record: dict[str, Any], original: dict[str, Any], embed: dict[str, Any], status: str
) -> str:
    label = f"record {number}" + (f" ({_e(str(record['id']))})" if record.get("id") is not None else "")
    author = embed.get("author") or {}
    detector = embed.get("detector") or {}
    facts = {
        "author": " ".join(
            filter(None, [author.get("name"), f"@{author['handle']}" if author.get("handle") else None])
        ),
        "date": embed.get("date") or embed.get("date_text"),
        "post": embed.get("url") or embed.get("post_id"),
        "links": ", ".join(embed.get("links") or []),
        "detector": f"{detector.get('rule')} ({detector.get('confidence')})",
    }
    reason = (embed.get("resolution") or {}).get("reason")
    return "".join(
        [
            f'<section class="embed" data-platform="{_e(embed.get("platform", "?"))}">',
            f"<h2>{_e(embed.get('platform', '?'))} in {label}, field {_e(str(embed.get('field')))}</h2>",
            f'<p>resolution: <span class="status {_e(status)}">{_e(status)}</span>'
            + (f" — {_e(reason)}" if reason else "")
            + "</p>",
            _context(original, record, embed),
            "<dl>" + "".join(f"<dt>{k}</dt><dd>{_e(str(v))}</dd>" for k, v in facts.items() if v) + "</dl>",
            _provenance(embed),
            "</section>",
        ]
    )


def _context(original: dict[str, Any], record: dict[str, Any], embed: dict[str, Any]) -> str:
    """Before and after: the cut marked in its place in the original field, and the clean text there."""
    field = embed.get("field") or ""
    text, clean = original.get(field), record.get(field)
    cut = embed.get("cut")
    if not isinstance(text, str) or not isinstance(clean, str) or not cut:
        return "<p>(listed from the HTML; nothing was cut)</p>"
    start, end = cut
    before = text[max(0, start - CONTEXT) : start]
    after = text[end : end + CONTEXT]
    lead = "…" if start > CONTEXT else ""
    marked = f"{lead}{_e(before)}<mark>{_e(text[start:end])}</mark>{_e(after)}"
    # the clean body around the join (an approximate window: earlier cuts may shift it)
    joined = clean[max(0, start - CONTEXT) : start + CONTEXT]
    return (
        '<div class="pair"><div><h3>before (as scraped)</h3>'
        f'<div class="context before">{marked}…</div></div>'
        f'<div><h3>after (clean)</h3><div class="context after">{lead}{_e(joined)}…</div></div></div>'
    )


def _provenance(embed: dict[str, Any]) -> str:
    steps = (embed.get("resolution") or {}).get("provenance") or []
    if not steps:
        return ""
    items = []
    for step in steps:
        requests = "".join(
            f"<li>{_e(str(r.get('url') or r.get('memento_url') or ''))} → "
            f"{_e(str(r.get('status', r.get('category', ''))))}</li>"
            for r in step.get("requests") or []
        )
        items.append(
            f"<li>{_e(str(step.get('step', '')))} {_e(str(step.get('source', '')))}: "
            f"{_e(str(step.get('outcome', '')))}<ul>{requests}</ul></li>"
        )
    return f"<details><summary>provenance ({len(steps)} steps)</summary><ol>{''.join(items)}</ol></details>"


def _e(text: str) -> str:
    return html.escape(text, quote=True)
