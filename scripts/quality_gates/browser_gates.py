"""Browser gates: they load pages of the served site in the shared headless Chromium session
(ctx.browser, see browser.py). The network gate runs last (Phase.FINAL): it checks every request
the other browser gates made."""

from __future__ import annotations

import base64
import json
import re
import time
import urllib.parse
from pathlib import Path

from .browser import find_axe_js
from .context import GateContext
from .gate import Gate, GateError, Phase, Result
from .site import Site, is_external

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_FAIL_IMPACTS = ("serious", "critical")
SEARCH_TIMEOUT = 3.0
CEK_TIMEOUT = 30.0
DEFAULT_NOT_FOUND = r"tidak ditemukan|tidak terdaftar|belum terdaftar|tidak ada data|not found"


def gate_accessibility(ctx: GateContext, res: Result) -> None:
    axe_js = find_axe_js().read_text(encoding="utf-8")
    br = ctx.browser
    br.start()
    br.set_viewport(1280)
    opt = ctx.settings.optional_kinds
    for pk in ctx.page_kinds:
        if ctx.kinds[pk.name] is None and pk.name not in opt:
            res.fail(f"{pk.description} ('{pk.name}') missing (/{pk.pattern}): not checked")
    pages = ctx.checked_pages()
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
        ctx.axe_version = out.get("version")
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
    res.summary = (f"{len(pages)} pages, axe-core {ctx.axe_version}, tags "
                   f"{','.join(AXE_TAGS)}: {total_bad} serious/critical violations"
                   + (f", {total_minor} minor/moderate" if total_minor else ""))


def gate_search(ctx: GateContext, res: Result) -> None:
    site = ctx.site
    word = ctx.settings.search_word
    if not word:
        raise GateError("QG_SEARCH_WORD is empty")
    br = ctx.browser
    # the word must be in some guidance page, or the test means nothing
    wl = word.lower()
    guides = site.guidance_pages()
    if not any(wl in site.parsed(f).text().lower() for f in guides):
        res.fail(f"QG_SEARCH_WORD '{word}' is in no page body under /panduan/ or /bantuan/; "
                 "set QG_SEARCH_WORD to a word that is")
    # the page with the search box: home if it has one, else the first page with one
    cands = [f for f in site.html_files if site.parsed(f).search_inputs]
    home = ctx.kinds.get("home")
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


def _result_matches(site: Site, page_url: str, href: str, word_lower: str) -> bool:
    if not href or is_external(href):
        return False
    s = urllib.parse.urlsplit(href)
    t = site.resolve_path(urllib.parse.unquote(urllib.parse.urljoin(page_url, s.path))) if s.path else None
    return t is not None and t.suffix == ".html" and word_lower in site.parsed(t).text().lower()


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", " ", s or "").strip().lower()


def gate_cek(ctx: GateContext, res: Result) -> None:
    site = ctx.site
    opt = ctx.settings.optional_kinds
    page = ctx.kinds.get("cek")
    fixture = ctx.settings.cek_fixture
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
    br = ctx.browser
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


def gate_mobile(ctx: GateContext, res: Result) -> None:
    br = ctx.browser
    br.start()
    br.set_viewport(360)
    pages = ctx.checked_pages()
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


def gate_screenshots(ctx: GateContext, res: Result) -> None:
    site = ctx.site
    outdir = ctx.settings.screenshot_dir
    outdir.mkdir(parents=True, exist_ok=True)
    br = ctx.browser
    br.start()
    targets = []
    for kind, label in (("home", "home"), ("unit", "unit")):
        f = ctx.kinds.get(kind)
        if f is None:
            if kind in ctx.settings.optional_kinds:
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


def gate_network(ctx: GateContext, res: Result) -> None:
    br = ctx.browser
    br.start()
    br.drain()
    ext: dict[str, list[str]] = {}
    bad: dict[tuple[str, int, str], list[str]] = {}
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


# The browser gates, in the order they run and are reported (network last: it reads the log of all).
GATES: list[Gate] = [
    Gate("accessibility", gate_accessibility, Phase.BROWSER),
    Gate("search", gate_search, Phase.BROWSER),
    Gate("cek-status", gate_cek, Phase.BROWSER),
    Gate("mobile-360", gate_mobile, Phase.BROWSER),
    Gate("screenshots", gate_screenshots, Phase.BROWSER),
    Gate("network", gate_network, Phase.FINAL),
]
