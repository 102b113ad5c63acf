"""Host pages: real article pages of ``../shared/corpus/pages/``, their own embeds removed.

Every element that could hold an embed (the platforms' blockquotes and widgets,
iframes, scripts, Substack cards, AMP embeds) is removed, so the only embeds of a
generated page are the ones the engine inserted and labelled. A host's article body
is the element with the most direct ``<p>`` children; embeds go between its paragraphs.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

import lxml.html

EMBED_XPATH = (
    "//blockquote[contains(@class,'twitter') or contains(@class,'instagram') or contains(@class,'tiktok')"
    " or contains(@class,'fb-') or contains(@class,'reddit') or contains(@class,'bluesky')]"
    " | //div[contains(@class,'fb-post') or contains(@class,'fb-video') or contains(@class,'tweet')"
    " or contains(@class,'instagram') or contains(@class,'twitter') or contains(@class,'embed')]"
    " | //iframe | //script | //noscript | //amp-twitter | //amp-instagram | //amp-facebook"
    " | //amp-youtube | //twitter-widget | //lite-youtube"
)


@dataclass(frozen=True)
class Host:
    page_id: str
    repo: str
    url: str
    lang: str
    negative: bool


def load_hosts(corpus: Path) -> list[Host]:
    hosts = []
    with (corpus / "pages.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            p = json.loads(line)
            url = p.get("url") or f"https://example.org/{p['id']}.html"
            hosts.append(Host(p["id"], p["repo"], url, (p.get("lang") or "en")[:2], bool(p["negative"])))
    return hosts


def cleaned_page(corpus: Path, host: Host) -> lxml.html.HtmlElement | None:
    raw = gzip.decompress((corpus / "pages" / f"{host.page_id}.html.gz").read_bytes())
    try:
        doc = lxml.html.document_fromstring(raw.decode("utf-8", errors="replace"))
    except Exception:  # lxml rejects a few damaged pages; they are not hosts
        return None
    for el in doc.xpath(EMBED_XPATH):
        el.drop_tree()
    return doc


def article_body(doc: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    best, most = None, 2
    for el in doc.iter("div", "article", "section", "main", "td", "body"):
        n = sum(1 for child in el if child.tag == "p" and (child.text_content() or "").strip())
        if n > most:
            best, most = el, n
    return best
