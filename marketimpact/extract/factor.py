"""Alternations factored by their first letter: the same pattern, fewer branches tried (issue 12).

The regex engine tries the alternatives of ``rose|rise|rises|rising|…`` one by one at every place
the alternation is reached. :func:`factor_alternatives` rewrites each run of *adjacent*
alternatives that begin with the same literal character as that character followed by a group of
their rests (``rose|rise|rises`` → ``r(?:ose|i(?:se(?:|s)))``), in every group of the pattern:
the engine then checks a first character once per run instead of once per word. Only adjacent
alternatives are merged and their order is kept, so the leftmost-first choice among alternatives
(and every match, span and group) is the original pattern's; look-behinds and conditionals are
left as written. ``tests/test_extract_factor.py`` compares every grammar of the package with its
factored form on the corpora and on random text.
"""

from __future__ import annotations

import re

#: characters after a first character that make it something else than a plain literal
_QUANTIFIERS = frozenset("?*+{")


def _class_end(p: str, i: int) -> int:
    """Index of the ``]`` closing the character class opened at ``p[i]`` (a ``]`` right after ``[`` or
    ``[^`` is a member, an escaped character is skipped)."""
    j, n = i + 1, len(p)
    if p.startswith("^", j):
        j += 1
    if p.startswith("]", j):
        j += 1
    while j < n and p[j] != "]":
        j += 2 if p[j] == "\\" else 1
    return j


def _group_end(p: str, i: int) -> int:
    """Index of the ``)`` closing the group opened at ``p[i]``."""
    depth, n = 0, len(p)
    while i < n:
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(p, i)
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError("unbalanced parenthesis")


def _top_alternatives(p: str) -> list[str]:
    """The alternatives of ``p`` at its top level (a ``|`` in a group or a class splits nothing)."""
    out, start, i, n = [], 0, 0, len(p)
    while i < n:
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(p, i) + 1
            continue
        if c == "(":
            i = _group_end(p, i) + 1
            continue
        if c == "|":
            out.append(p[start:i])
            start = i + 1
        i += 1
    out.append(p[start:])
    return out


def _inner(alt: str) -> str:
    """``alt`` with the contents of its groups factored (look-behinds, conditionals, comments and
    back-references as written)."""
    out, i, n = [], 0, len(alt)
    while i < n:
        c = alt[i]
        if c == "\\":
            out.append(alt[i : i + 2])
            i += 2
            continue
        if c == "[":
            j = _class_end(alt, i)
            out.append(alt[i : j + 1])
            i = j + 1
            continue
        if c == "(":
            end = _group_end(alt, i)
            if alt.startswith(("(?<=", "(?<!", "(?(", "(?#", "(?P="), i):
                out.append(alt[i : end + 1])
            else:
                if alt.startswith("(?P<", i):
                    head = alt[i : alt.index(">", i) + 1]
                elif alt.startswith("(?", i):
                    k = i + 2
                    while alt[k] not in ":=!>)":
                        k += 1
                    head = alt[i : k + 1]
                else:
                    head = "("
                if head[-1] == ")":  # inline flags: "(?i)"
                    out.append(head)
                else:
                    out.append(head + factor_alternatives(alt[i + len(head) : end]) + ")")
            i = end + 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def factor_alternatives(pattern: str) -> str:
    """``pattern`` with the runs of adjacent alternatives that share a literal first character
    factored, at every level (see the module docstring): the same matches, fewer branches."""
    alts = [_inner(a) for a in _top_alternatives(pattern)]
    out: list[str] = []
    i = 0
    while i < len(alts):
        a = alts[i]
        c = a[:1]
        if c.isascii() and c.isalnum() and a[1:2] not in _QUANTIFIERS:
            j = i + 1
            while j < len(alts) and alts[j][:1] == c and alts[j][1:2] not in _QUANTIFIERS:
                j += 1
            if j - i >= 2:
                out.append(c + "(?:" + factor_alternatives("|".join(x[1:] for x in alts[i:j])) + ")")
                i = j
                continue
        out.append(a)
        i += 1
    return "|".join(out)


def lead_trie_pattern(words: list[str], not_before: str) -> str:
    r"""One pattern for literal ``words`` (each at least two characters), none right after a
    character of the class ``not_before`` (``r"[\w-]"``): ``(?<!X)(?:trie)`` written as each first
    character, the look-behind after it (spanning it), then the trie of the rests. The same
    matches; a pattern that begins with its words' first characters is scanned for them in C,
    instead of trying the look-behind at every character (several times faster when the words
    start with capitals, as place names do)."""
    from .patterns import trie_pattern

    by_first: dict[str, list[str]] = {}
    for w in words:
        if len(w) < 2:
            raise ValueError(f"lead_trie_pattern needs words of two characters or more: {w!r}")
        by_first.setdefault(w[0], []).append(w[1:])
    return "(?:" + "|".join(f"{re.escape(c)}(?<!{not_before}{re.escape(c)}){trie_pattern(sorted(rests))}"
                            for c, rests in sorted(by_first.items())) + ")"
