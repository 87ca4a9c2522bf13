#!/usr/bin/env python3
"""Share-preview gate (issue 13): a plug-in of the quality gates (scripts/quality_gates loads every
scripts/gates_*.py).

  share   every page (redirects aside) has og:title, og:type, og:site_name, og:locale and twitter:card;
          when the site has a host, og:url is the page's canonical URL and og:image an absolute URL of a file
          in the output; every article (guidance page) has a wa.me share link whose text ends with its
          canonical URL; favicon and manifest links name local files; manifest.webmanifest parses, and its
          start_url, scope and icons lie under the base path and exist.
"""

from __future__ import annotations

import html.parser
import json
import urllib.parse
from pathlib import Path

REQUIRED = ("og:title", "og:type", "og:site_name", "og:locale", "twitter:card")


class HeadParser(html.parser.HTMLParser):
    """The meta properties, link rels and wa.me share links of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.links: dict[str, list[str]] = {}
        self.shares: list[str] = []
        self.redirect = False

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "meta":
            if a.get("http-equiv", "").lower() == "refresh":
                self.redirect = True
            key = a.get("property") or a.get("name")
            if key:
                self.meta[key] = a.get("content", "")
        elif tag == "link":
            for rel in a.get("rel", "").lower().split():
                self.links.setdefault(rel, []).append(a.get("href", ""))
        elif tag == "a" and a.get("href", "").startswith("https://wa.me/?text="):
            self.shares.append(a["href"])


def parse(path: Path) -> HeadParser:
    p = HeadParser()
    p.feed(path.read_text(encoding="utf-8", errors="replace"))
    p.close()
    return p


def check(root: Path) -> tuple[list[str], str]:
    """Problems and a summary for the built site in `root`."""
    problems: list[str] = []
    home = parse(root / "index.html") if (root / "index.html").is_file() else None
    canonical_home = (home.links.get("canonical") or [""])[0] if home else ""
    has_host = canonical_home.startswith(("https://", "http://"))
    base_path = urllib.parse.urlsplit(canonical_home).path if has_host else "/"

    def local(url: str, where: str, what: str) -> None:
        """`url` (absolute under the site, or a path under the base path) names a file of the output."""
        if url.startswith(canonical_home) and has_host:
            rel = url[len(canonical_home):]
        elif url.startswith(base_path):
            rel = url[len(base_path):]
        else:
            problems.append(f"{where}: {what} {url} is not under the site ({canonical_home or base_path})")
            return
        if not (root / urllib.parse.unquote(rel)).is_file():
            problems.append(f"{where}: {what} {url} is not a file of the output")

    pages = articles = 0
    for f in sorted(root.rglob("*.html")):
        where = "/" + f.relative_to(root).as_posix()
        p = parse(f)
        if p.redirect or "canonical" not in p.links:
            continue  # redirects and private documents carry no preview
        pages += 1
        for key in REQUIRED:
            if not p.meta.get(key):
                problems.append(f"{where}: no {key}")
        canonical = p.links["canonical"][0]
        for rel in ("icon", "manifest"):
            if rel not in p.links:
                problems.append(f"{where}: no <link rel=\"{rel}\">")
            for href in p.links.get(rel, []):
                local(href, where, f"<link rel=\"{rel}\">")
        if has_host:
            if p.meta.get("og:url") != canonical:
                problems.append(f"{where}: og:url {p.meta.get('og:url')!r} is not the canonical URL {canonical}")
            image = p.meta.get("og:image", "")
            if not image:
                problems.append(f"{where}: no og:image")
            else:
                local(image, where, "og:image")
        if p.meta.get("og:type") == "article":
            articles += 1
            texts = [urllib.parse.unquote(urllib.parse.urlsplit(s).query.removeprefix("text=")) for s in p.shares]
            if has_host and not any(t.endswith(canonical) for t in texts):
                problems.append(f"{where}: no WhatsApp share link ending with {canonical} (found {texts})")

    manifest_path = root / "manifest.webmanifest"
    icons = 0
    if not manifest_path.is_file():
        problems.append("/manifest.webmanifest is missing")
    else:
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except ValueError as e:
            manifest = {}
            problems.append(f"/manifest.webmanifest is not JSON: {e}")
        for key in ("start_url", "scope"):
            if manifest.get(key) != base_path:
                problems.append(f"/manifest.webmanifest: {key} {manifest.get(key)!r} is not the base path {base_path}")
        if not manifest.get("name") or not manifest.get("short_name"):
            problems.append("/manifest.webmanifest: no name or short_name")
        for icon in manifest.get("icons", []):
            icons += 1
            local(icon.get("src", ""), "/manifest.webmanifest", "icon")
        if not icons:
            problems.append("/manifest.webmanifest: no icons")
    summary = (f"{pages} pages with Open Graph meta, {articles} articles with a WhatsApp share link, "
               f"manifest with {icons} icons under {base_path}")
    return problems, summary


def _gate(ctx, res):
    problems, summary = check(ctx.site.root)
    for problem in problems:
        res.fail(problem)
    res.summary = summary


try:
    from quality_gates.gate import Gate, Phase
    GATES = [Gate("share", _gate, Phase.STATIC)]
except ImportError:  # run on its own, outside the quality-gates package
    GATES = []


if __name__ == "__main__":
    import sys
    found, line = check(Path(sys.argv[1] if len(sys.argv) > 1 else "Output"))
    for problem in found:
        print("FAIL ", problem)
    print(line)
    sys.exit(1 if found else 0)
