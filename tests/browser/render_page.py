"""Open a local HTML file in headless Chromium (Playwright) and report what a reader's browser saw.

Used by ``tests/test_html_report.py`` and by hand::

    python tests/browser/render_page.py out/report.html /tmp/report.png

Needs the Debian ``chromium`` package (``/usr/bin/chromium``) and ``pip install playwright``;
``playwright install`` is never needed (the system browser is used). Nothing is fetched from
the network: the page is a ``file://`` URL and background networking is switched off.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    """Path of the system Chromium, or ``None`` when it is not installed."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    return shutil.which("chromium")


def missing_requirement() -> str | None:
    """Why the browser check cannot run here (``None`` when it can)."""
    if chromium_path() is None:
        return f"{CHROMIUM} not found: install the Debian package (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python not installed: pip install playwright (do not run 'playwright install')"
    return None


_INSPECT = """() => {
  const imgs = [...document.images].map(i => ({src: i.src.slice(0, 32), complete: i.complete,
      naturalWidth: i.naturalWidth, naturalHeight: i.naturalHeight, width: i.width, height: i.height}));
  const svgs = [...document.querySelectorAll('svg')].map(s => { const b = s.getBBox(); return {width: b.width, height: b.height}; });
  const fonts = [...document.fonts].map(f => ({family: f.family, weight: f.weight, style: f.style, status: f.status}));
  const body = getComputedStyle(document.body);
  return {
    title: document.title,
    images: imgs,
    svgs: svgs,
    fonts: fonts,
    scripts: document.scripts.length,
    sections: [...document.querySelectorAll('section[id], header[id]')].map(s => s.id),
    background: getComputedStyle(document.documentElement).backgroundColor,
    fontFamily: body.fontFamily,
    sourceSansUsable: document.fonts.check('16px "Source Sans Pro"'),
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    height: document.documentElement.scrollHeight,
    injectedImgs: document.querySelectorAll('img:not([src^="data:"])').length,
  };
}"""


def open_report(html_path: str | Path, screenshot: str | Path, width: int = 1000, timeout_ms: int = 60_000) -> dict[str, Any]:
    """Load ``html_path`` in headless Chromium, take a full-page screenshot, return what happened.

    Returns a dict with ``console`` (list of {type, text}), ``page_errors``, ``dialogs``
    (any alert/confirm/prompt that fired), ``requests`` (URLs other than the page itself)
    and ``dom`` (images with their natural sizes, SVG bounding boxes, fonts, sections …).
    """
    from playwright.sync_api import sync_playwright

    url = Path(html_path).resolve().as_uri()
    out: dict[str, Any] = {"url": url, "console": [], "page_errors": [], "dialogs": [], "requests": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, timeout=timeout_ms)
        try:
            page = browser.new_page(viewport={"width": width, "height": 900}, device_scale_factor=1)
            page.on("console", lambda m: out["console"].append({"type": m.type, "text": m.text}))
            page.on("pageerror", lambda e: out["page_errors"].append(str(e)))

            def on_dialog(d: Any) -> None:
                out["dialogs"].append({"type": d.type, "message": d.message})
                d.dismiss()

            page.on("dialog", on_dialog)
            page.on("request", lambda r: out["requests"].append(r.url) if r.url != url else None)
            page.goto(url, wait_until="load", timeout=timeout_ms)
            page.evaluate("() => document.fonts.ready.then(() => true)")
            out["dom"] = page.evaluate(_INSPECT)
            page.screenshot(path=str(screenshot), full_page=True)
            out["browser_version"] = browser.version
        finally:
            browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__)
        return 2
    why = missing_requirement()
    if why:
        print(why, file=sys.stderr)
        return 1
    res = open_report(args[0], args[1])
    print(json.dumps(res, indent=2, default=str))
    bad = [m for m in res["console"] if m["type"] == "error"] or res["page_errors"] or res["dialogs"]
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
