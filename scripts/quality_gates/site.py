"""The site model: the output folder's files, parsed pages, URL <-> file mapping, page kinds.

Nothing here runs a tool or a browser; gates in any module read the site through `Site`.
"""

from __future__ import annotations

import glob
import html.parser
import posixpath
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PageKind:
    """A kind of page the browser gates check, and how to find one: the first (sorted) match of
    `pattern`, a glob relative to the site root."""

    name: str
    description: str
    pattern: str


# Page kinds checked in the browser, in the order they are reported. A plug-in module can add
# kinds with a module-level PAGE_KINDS list (see scripts/QUALITY_GATES.md).
KINDS: list[PageKind] = [
    PageKind("home", "home page", "index.html"),
    PageKind("guidance", "guidance page", "panduan/*/index.html"),
    PageKind("section", "guidance section page", "panduan/index.html"),
    PageKind("aktivasi", "activation dashboard", "aktivasi/index.html"),
    PageKind("progres", "progress dashboard", "progres/index.html"),
    PageKind("unit", "unit page", "unit/*/index.html"),
    PageKind("kontak", "contacts page", "kontak/index.html"),
    PageKind("cek", "status check page", "cek/index.html"),
    PageKind("404", "not-found page", "404.html"),
    PageKind("pengumuman", "announcement list", "pengumuman/index.html"),
]

# Elements/attributes that reference URLs.
URL_ATTRS = {
    "a": ["href"], "area": ["href"], "link": ["href"], "script": ["src"],
    "img": ["src", "srcset"], "source": ["src", "srcset"], "iframe": ["src"],
    "frame": ["src"], "video": ["src", "poster"], "audio": ["src"],
    "track": ["src"], "embed": ["src"], "object": ["data"], "form": ["action"],
    "input": ["src", "formaction"], "button": ["formaction"], "use": ["href", "xlink:href"],
    "image": ["href", "xlink:href"], "blockquote": ["cite"], "q": ["cite"],
    "ins": ["cite"], "del": ["cite"],
}
# Attributes that only point somewhere (navigation / citation), never load.
NAV_ATTRS = {("a", "href"), ("area", "href"), ("blockquote", "cite"), ("q", "cite"),
             ("ins", "cite"), ("del", "cite"), ("meta", "refresh")}
# <link rel=...> values that do not make the browser load the URL.
NON_LOADING_RELS = {"canonical", "alternate", "author", "license", "help", "next",
                    "prev", "bookmark", "me", "external", "nofollow", "noopener",
                    "noreferrer", "tag", "search", "shortlink", "privacy-policy",
                    "terms-of-service"}

# Sections whose pages are guidance (budgets, the search word's check).
GUIDANCE_PREFIXES = ("/panduan/", "/bantuan/")


def is_external(url: str) -> bool:
    s = urllib.parse.urlsplit(url)
    return bool(s.scheme) or url.startswith("//")


class Site:
    """The output dir: files, parsed pages, URL <-> file mapping."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()
        self.html_files = sorted(p for p in self.root.rglob("*.html") if p.is_file())
        self.css_files = sorted(p for p in self.root.rglob("*.css") if p.is_file())
        self._parsed: dict[Path, PageParser] = {}

    def rel(self, path: str | Path) -> str:
        return "/" + Path(path).resolve().relative_to(self.root).as_posix()

    def url_for(self, path: str | Path) -> str:
        """/foo/index.html -> /foo/ ; /404.html -> /404.html"""
        r = self.rel(path)
        if r.endswith("/index.html"):
            return r[: -len("index.html")]
        return r

    def resolve_path(self, url_path: str) -> Path | None:
        """Maps a root-absolute URL path (unquoted) to a file, or None."""
        p = posixpath.normpath(url_path) if url_path not in ("", "/") else "/"
        if url_path.endswith("/") and p != "/":
            p += "/"
        if p.startswith("//") or ".." in p.split("/"):
            return None
        cand = self.root / p.lstrip("/")
        if p.endswith("/"):
            cand = cand / "index.html"
            return cand if cand.is_file() else None
        if cand.is_file():
            return cand
        if cand.is_dir() and (cand / "index.html").is_file():
            return cand / "index.html"
        return None

    def resolve_from(self, base_url: str, url: str) -> Path | None:
        """The file a (possibly relative) URL found on the page or stylesheet at `base_url` names,
        or None; query and fragment are ignored."""
        return self.resolve_path(urllib.parse.unquote(
            urllib.parse.urljoin(base_url, urllib.parse.urlsplit(url).path)))

    def parsed(self, path: str | Path) -> PageParser:
        path = Path(path)
        if path not in self._parsed:
            p = PageParser()
            try:
                p.feed(path.read_text(encoding="utf-8", errors="replace"))
                p.close()
            except Exception as e:  # html.parser is lenient; keep going
                p.errors.append(f"parse error: {e}")
            self._parsed[path] = p
        return self._parsed[path]

    def guidance_pages(self) -> list[Path]:
        """The .html files under /panduan/ and /bantuan/ (section pages included)."""
        return [f for f in self.html_files if self.rel(f).startswith(GUIDANCE_PREFIXES)]

    def kind_pages(self, kinds: list[PageKind] = KINDS) -> dict[str, Path | None]:
        """kind name -> file (or None), in the order of `kinds`."""
        found: dict[str, Path | None] = {}
        for kind in kinds:
            matches = sorted(glob.glob(str(self.root / kind.pattern)))
            found[kind.name] = Path(matches[0]) if matches else None
        return found


class PageParser(html.parser.HTMLParser):
    """What the gates need from one HTML page: ids, URL references, stylesheets, inline CSS,
    search inputs and the body text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str, str, int, dict[str, str]]] = []  # (tag, attr, value, line, attrs)
        self.stylesheets: list[str] = []   # href of <link rel=stylesheet>
        self.inline_css: list[tuple[str, int]] = []    # (text, line) of <style> and style=""
        self.search_inputs: list[str] = []  # ids ('' if none) of input[type=search]
        self.body_text: list[str] = []
        self.errors: list[str] = []
        self._in_body = False
        self._skip = 0          # inside <script>/<style>/<template>
        self._style_buf: tuple[list[str], int] | None = None

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, selfclosing=True)

    def _start(self, tag, attrs, selfclosing=False):
        a = {}
        for k, v in attrs:
            a.setdefault(k, v if v is not None else "")
        line = self.getpos()[0]
        if "id" in a and a["id"]:
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        if tag == "body":
            self._in_body = True
        for attr in URL_ATTRS.get(tag, []):
            if attr in a:
                self.refs.append((tag, attr, a[attr], line, a))
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            m = re.match(r"\s*\d*(?:\.\d*)?\s*[;,]\s*(?:url\s*=\s*)?['\"]?([^'\"]*)", a.get("content", ""), re.I)
            if m and m.group(1).strip():
                self.refs.append(("meta", "refresh", m.group(1).strip(), line, a))
        if tag == "link" and "stylesheet" in a.get("rel", "").lower().split():
            if a.get("href"):
                self.stylesheets.append(a["href"])
        if tag == "input" and a.get("type", "").lower() == "search":
            self.search_inputs.append(a.get("id", ""))
        if "style" in a and a["style"]:
            self.inline_css.append((a["style"], line))
        if tag in ("script", "style", "template") and not selfclosing:
            self._skip += 1
            if tag == "style":
                self._style_buf = ([], line)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1
            if tag == "style" and self._style_buf is not None:
                self.inline_css.append(("".join(self._style_buf[0]), self._style_buf[1]))
                self._style_buf = None
        if tag == "body":
            self._in_body = False

    def handle_data(self, data):
        if self._style_buf is not None:
            self._style_buf[0].append(data)
        if self._in_body and not self._skip:
            self.body_text.append(data)

    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.body_text)).strip()


CSS_URL_RE = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.I)
CSS_IMPORT_RE = re.compile(r"""@import\s+(?:url\(\s*)?(?:"([^"]*)"|'([^']*)'|([^)'"\s;]+))""", re.I)
CSS_COMMENT_RE = re.compile(r"/\*.*?\*/", re.S)


def css_urls(text: str) -> list[tuple[str, str]]:
    """(kind, url) for url(...) and @import in CSS text."""
    text = CSS_COMMENT_RE.sub("", text)
    out = []
    for m in CSS_IMPORT_RE.finditer(text):
        out.append(("@import", next(g for g in m.groups() if g is not None)))
    text = re.sub(r"@import[^;]*;?", "", text, flags=re.I)
    for m in CSS_URL_RE.finditer(text):
        out.append(("url()", next(g for g in m.groups() if g is not None)))
    return out


def srcset_urls(value: str) -> list[str]:
    urls = []
    for cand in value.split(","):
        cand = cand.strip()
        if cand:
            urls.append(cand.split()[0])
    return urls


def fmt_kib(n: int) -> str:
    return f"{n / 1024:.1f} KiB"
