"""Main text of an HTML page, with the standard library's parser (no network, no JS).

Paragraph-level elements become lines; script, style, template, iframe, nav, header,
footer and aside are dropped (their content never reaches the text). When the page has an
``<article>`` or ``<main>`` element, only its text is kept (menus and teasers outside
it are boilerplate). ``<meta property="article:published_time">`` and ``<title>`` become front
matter so the publication time travels with the text.
"""

from __future__ import annotations

from html.parser import HTMLParser

_SKIP = {"script", "style", "nav", "header", "footer", "aside", "noscript", "form", "svg", "template", "iframe",
         "object", "button", "select", "textarea", "head"}
_MAIN = {"article", "main"}
_BLOCK = {"p", "h1", "h2", "h3", "h4", "li", "blockquote", "div", "br", "article", "section"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.meta: dict[str, str] = {}
        self.in_title = False
        self.title = ""
        self.main_depth = 0
        self.main_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in _MAIN:
            self.main_depth += 1
        if tag in _SKIP:
            self.skip += 1
        elif tag == "meta":
            key = a.get("property") or a.get("name") or ""
            if key in ("article:published_time", "og:title", "og:site_name", "date"):
                self.meta[key] = a.get("content", "")
        elif tag == "title":
            self.in_title = True
        if tag in _BLOCK:
            self._emit("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self.skip:
            self.skip -= 1
        if tag == "title":
            self.in_title = False
        if tag in _BLOCK:
            self._emit("\n")
        if tag in _MAIN and self.main_depth:
            self.main_depth -= 1

    def _emit(self, data: str) -> None:
        self.parts.append(data)
        if self.main_depth:
            self.main_parts.append(data)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        elif not self.skip:
            self._emit(data)


def html_to_text(html: str) -> str:
    """Visible article text with a YAML front matter built from the page's metadata."""
    import yaml

    p = _Text()
    p.feed(html)
    p.close()
    main = "".join(p.main_parts)
    lines = [" ".join(line.split()) for line in (main if main.strip() else "".join(p.parts)).split("\n")]
    body = "\n".join(line for line in lines if line)
    meta = {}
    if p.meta.get("article:published_time") or p.meta.get("date"):
        meta["published"] = p.meta.get("article:published_time") or p.meta.get("date")
    if p.meta.get("og:title") or p.title.strip():
        meta["headline"] = p.meta.get("og:title") or p.title.strip()
    if p.meta.get("og:site_name"):
        meta["publisher"] = p.meta["og:site_name"]
    if not meta:
        return body
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body
