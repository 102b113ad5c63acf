"""The corpus's 12 extractor recipes (``../shared/corpus/summary.json`` has the calls).

A recipe whose package is missing is skipped with a message naming the package
(``available()``); install ``tools/labels/requirements.txt`` for all twelve.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable

PACKAGE = {  # recipe -> importable module it needs
    "trafilatura": "trafilatura",
    "trafilatura_no_comments": "trafilatura",
    "trafilatura_recall": "trafilatura",
    "trafilatura_precision": "trafilatura",
    "trafilatura_html2txt": "trafilatura",
    "newspaper4k": "newspaper",
    "readability_lxml": "readability",
    "inscriptis": "inscriptis",
    "html2text": "html2text",
    "bs4_get_text": "bs4",
    "justext": "justext",
    "goose3": "goose3",
}


def _lines_squeezed(text: str) -> str:
    text = "\n".join(line.strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _trafilatura(**kwargs: object) -> Callable[[str, str], str]:
    def run(html: str, url: str) -> str:
        import trafilatura

        return trafilatura.extract(html, url=url, **kwargs) or ""

    return run


def _html2txt(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.html2txt(html) or ""


def _newspaper(html: str, url: str) -> str:
    import newspaper

    article = newspaper.Article(url, fetch_images=False)
    article.download(input_html=html)
    article.parse()
    return article.text or ""


def _readability(html: str, url: str) -> str:
    from bs4 import BeautifulSoup
    from readability import Document

    summary = Document(html).summary(html_partial=True)
    return _lines_squeezed(BeautifulSoup(summary, "lxml").get_text("\n"))


def _inscriptis(html: str, url: str) -> str:
    import inscriptis

    return inscriptis.get_text(html)


def _html2text(html: str, url: str) -> str:
    import html2text

    h = html2text.HTML2Text()
    h.body_width = 0
    return h.handle(html)


def _bs4(html: str, url: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    return _lines_squeezed(soup.get_text("\n"))


def _justext(html: str, url: str, lang: str = "English") -> str:
    import justext

    try:
        stoplist = justext.get_stoplist(lang)
    except ValueError:
        stoplist = justext.get_stoplist("English")
    paragraphs = justext.justext(html.encode("utf-8"), stoplist)
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


_GOOSE: list[object] = []


def _goose(html: str, url: str) -> str:
    import goose3

    if not _GOOSE:
        _GOOSE.append(goose3.Goose({"enable_image_fetching": False}))
    return _GOOSE[0].extract(raw_html=html).cleaned_text or ""  # type: ignore[attr-defined]


RECIPES: dict[str, Callable[[str, str], str]] = {
    "trafilatura": _trafilatura(),
    "trafilatura_no_comments": _trafilatura(include_comments=False),
    "trafilatura_recall": _trafilatura(favor_recall=True),
    "trafilatura_precision": _trafilatura(favor_precision=True),
    "trafilatura_html2txt": _html2txt,
    "newspaper4k": _newspaper,
    "readability_lxml": _readability,
    "inscriptis": _inscriptis,
    "html2text": _html2text,
    "bs4_get_text": _bs4,
    "justext": _justext,
    "goose3": _goose,
}


def available(wanted: list[str]) -> list[str]:
    """The wanted recipes whose package imports; prints one line per skipped recipe."""
    kept = []
    for name in wanted:
        module = PACKAGE[name]
        if importlib.util.find_spec(module) is None:
            print(
                f"skipping recipe {name}: package {module!r} is not installed (tools/labels/requirements.txt)"
            )
            continue
        kept.append(name)
    return kept
