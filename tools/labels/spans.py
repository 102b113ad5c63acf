"""Gold spans exact by construction: sentinels around each embed, located after flattening.

Each embed's markup carries two sentinel words, ``zqxb<code>x`` where its visible text
starts and ``zqxe<code>x`` where it ends (``<code>`` is three letters, so no
transform of digits, URLs or line breaks can touch them). After an extractor has
flattened the page, ``locate`` removes every sentinel and returns where each embed
landed in the clean text; ``check`` re-derives every span a second way and fails
loudly if the two disagree. Pure functions, no extractor needed (tests/tools).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

SENTINEL_RE = re.compile(r"zqx([be])([a-z]{3})x")
_LETTERS = string.ascii_lowercase


def code(index: int) -> str:
    """Three letters for embed ``index`` (0 ≤ index < 26**3)."""
    a, rest = divmod(index, 26 * 26)
    b, c = divmod(rest, 26)
    return _LETTERS[a] + _LETTERS[b] + _LETTERS[c]


def start_mark(index: int) -> str:
    return f"zqxb{code(index)}x"


def end_mark(index: int) -> str:
    return f"zqxe{code(index)}x"


@dataclass(frozen=True)
class Located:
    index: int
    span: tuple[int, int] | None  # None: the embed is not (wholly) in the text
    partial: bool  # exactly one of its two sentinels survived, or one came out twice


def strip(marked: str) -> str:
    return SENTINEL_RE.sub("", marked)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """First to last non-space character of text[start:end]."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def locate(marked: str, n_embeds: int) -> tuple[str, list[Located]]:
    """(text without sentinels, where each of the ``n_embeds`` embeds is in it)."""
    out: list[str] = []
    length = 0
    last = 0
    seen: dict[tuple[str, int], list[int]] = {}
    for m in SENTINEL_RE.finditer(marked):
        piece = marked[last : m.start()]
        out.append(piece)
        length += len(piece)
        index = _LETTERS.index(m[2][0]) * 676 + _LETTERS.index(m[2][1]) * 26 + _LETTERS.index(m[2][2])
        seen.setdefault((m[1], index), []).append(length)
        last = m.end()
    out.append(marked[last:])
    text = "".join(out)
    located = []
    for i in range(n_embeds):
        starts, ends = seen.get(("b", i), []), seen.get(("e", i), [])
        if len(starts) == 1 and len(ends) == 1 and starts[0] <= ends[0]:
            s, e = _trim(text, starts[0], ends[0])
            located.append(Located(i, (s, e) if s < e else None, partial=False))
        else:
            located.append(Located(i, None, partial=bool(starts or ends)))
    return text, located


def partial_region(text: str, marked: str, index: int) -> tuple[int, int] | None:
    """For an embed with one surviving sentinel: from it to the paragraph's end (or
    from the paragraph's start to it). Not exact: such embeds are scored neither way."""
    m = re.search(f"zqx([be]){code(index)}x", marked)
    if m is None:
        return None
    pos = len(strip(marked[: m.start()]))
    if m[1] == "b":
        end = text.find("\n\n", pos)
        return _trim(text, pos, len(text) if end < 0 else end)
    start = text.rfind("\n\n", 0, pos)
    return _trim(text, 0 if start < 0 else start, pos)


def check(marked: str, text: str, located: list[Located]) -> None:
    """Re-derive every span from the marked text by a second route; raise on any difference.

    The clean text must be the marked text without sentinels; an embed's span must
    hold exactly the sentinel-free text between its two sentinels (trimmed), and the
    text before it must be exactly the sentinel-free text before its start sentinel.
    """
    if strip(marked) != text:
        raise AssertionError("clean text differs from the marked text without its sentinels")
    if "zqx" in text:
        raise AssertionError("a sentinel fragment survived in the clean text")
    for loc in located:
        if loc.span is None:
            continue
        s_tok, e_tok = start_mark(loc.index), end_mark(loc.index)
        i, j = marked.index(s_tok), marked.index(e_tok)
        inner = strip(marked[i + len(s_tok) : j])
        before = strip(marked[:i])
        lead = len(inner) - len(inner.lstrip())
        s, e = loc.span
        if text[:s] != before + inner[:lead]:
            raise AssertionError(f"embed {loc.index}: text before the span differs")
        if text[s:e] != inner.strip():
            raise AssertionError(f"embed {loc.index}: span text differs from the text between its sentinels")
