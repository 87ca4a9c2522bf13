#!/usr/bin/env python3
"""Roster and print gates (issue 14): a plug-in of the quality gates (scripts/quality_gates loads every
scripts/gates_*.py), also runnable on its own:

    scripts/quality-gates Output           runs them with every other gate (GATES, PAGE_KINDS below)
    scripts/gates-roster [PANTAU_BIN]      runs only these (uses <repo>/.venv/bin/python)

The pantau binary is $PANTAU_BIN or <repo>/.build/debug/pantau. The roster gates copy the demo site (site.yml, Content/, Themes/, data/) into a temporary folder, turns the encrypted roster pages
on, runs `pantau roster keys`, `pantau build` and `pantau roster --out`, then:

  roster-private   keyring, letters and lists are mode 0600 in 0700 folders; every unit with a list has a
                   /unit/<slug>/daftar/ page; no NIP or name of any list appears in the built site's bytes
  roster-browser   in headless Chromium: a wrong passphrase shows the "does not match" message and no table;
                   the right one opens a table with exactly the list's rows; a column header sorts by keyboard
                   (Enter) and sets aria-sort; no request leaves 127.0.0.1
  roster-axe       axe-core (wcag2a/aa, wcag21a/aa) on /ringkasan/ and on a roster page before and after opening:
                   no serious or critical violation
  print-pdf        /ringkasan/ and /progres/ printed to PDF by Chromium (A4, the page's own @page rules):
                   /ringkasan/ is one page; every column header of every table appears in the PDF's text;
                   the print header carries the agency name and "Data per"

Ends with "N passed, M failed" and exits 1 when a gate failed.
"""

import csv
import http.server
import io
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
import base64
import html as htmllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
OPEN_TIMEOUT = 60.0


class GateError(Exception):
    pass


def run(cmd, cwd):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if p.returncode != 0:
        raise GateError(f"{' '.join(map(str, cmd))} failed ({p.returncode}): {(p.stdout + p.stderr).strip()[-800:]}")
    return p.stdout


def prepare(pantau):
    site = Path(tempfile.mkdtemp(prefix="pantau-roster-gate-"))
    for name in ("Content", "Themes"):
        shutil.copytree(REPO / name, site / name)
    shutil.copy(REPO / "site.yml", site / "site.yml")
    (site / "data").mkdir(mode=0o700)
    for name in ("pantau.sqlite", "cek-cache.bin"):
        if (REPO / "data" / name).exists():
            shutil.copy(REPO / "data" / name, site / "data" / name)
    if not (site / "data" / "pantau.sqlite").exists():
        raise GateError("data/pantau.sqlite is missing: run scripts/build-demo first")
    with open(site / "site.yml", "a", encoding="utf-8") as f:
        f.write("\nrosters:\n  enabled: true\n")
    run([pantau, "roster", "keys", "--site", site], site)
    run([pantau, "build", "--site", site], site)
    run([pantau, "roster", "--site", site, "--out", site / "data" / "daftar"], site)
    return site


def read_keys(site):
    keys = {}
    for line in (site / "data" / "roster-keys.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("kode\t") or not line.strip():
            continue
        fields = line.split("\t")
        keys[fields[0]] = fields[1]
    return keys


def lists(site):
    """slug -> rows of the unit's CSV list."""
    out = {}
    for path in sorted((site / "data" / "daftar").glob("*.csv")):
        with open(path, newline="", encoding="utf-8-sig") as f:
            out[path.stem] = list(csv.DictReader(f))
    return out


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def gate_private(site, problems):
    for folder in (site / "data" / "daftar", site / "data" / "surat-kunci"):
        if mode(folder) != 0o700:
            problems.append(f"{folder.name}/ has mode {oct(mode(folder))}, expected 0o700")
        for f in folder.iterdir():
            if mode(f) != 0o600:
                problems.append(f"{folder.name}/{f.name} has mode {oct(mode(f))}, expected 0o600")
    if mode(site / "data" / "roster-keys.tsv") != 0o600:
        problems.append("data/roster-keys.tsv is not 0600")
    rosters = lists(site)
    for slug in rosters:
        if not (site / "Output" / "unit" / slug / "daftar" / "index.html").is_file():
            problems.append(f"/unit/{slug}/daftar/ was not built")
    needles = set()
    for rows in rosters.values():
        for r in rows:
            needles.add(r["nip"].replace(" ", "").encode())
            needles.add(r["nip"].encode())
            if len(r["nama"]) >= 8:
                needles.add(r["nama"].encode())
    for path in (site / "Output").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for n in needles:
                if n in data:
                    problems.append(f"Output/{path.relative_to(site / 'Output')} contains {n[:6].decode()}… from a roster")
                    break
    return f"{len(rosters)} lists, {sum(len(r) for r in rosters.values())} entries, {len(needles)} identifiers absent from Output/"


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass


def serve(root):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a, **k: Quiet(*a, directory=str(root), **k))
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900",
              "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--disable-extensions", "--no-proxy-server", "--lang=id-ID"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=opts, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(90)
    driver.execute_cdp_cmd("Network.enable", {})
    return driver


def outside_requests(driver):
    import json
    bad = []
    for e in driver.get_log("performance"):
        msg = json.loads(e["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            url = msg["params"]["request"]["url"]
            if not re.match(r"^(data:|blob:|about:|http://127\.0\.0\.1[:/])", url):
                bad.append(url)
    return bad


def wait_for(driver, script, timeout):
    end = time.time() + timeout
    while time.time() < end:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.2)
    return None


def gate_browser(site, base, driver, problems):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    rosters = lists(site)
    keys = read_keys(site)
    slug = max(rosters, key=lambda s: len(rosters[s]))
    rows = rosters[slug]
    # slug -> unit code: the letters are named by slug and hold the words in order.
    letter = (site / "data" / "surat-kunci" / f"{slug}.html").read_text(encoding="utf-8")
    words = re.findall(r"</span> ([a-z]+)</li>", letter)
    passphrase = " ".join(words)
    if passphrase not in keys.values():
        problems.append(f"the letter of {slug} does not hold a passphrase of the keyring")
    wrong = " ".join(reversed(words))
    driver.get(f"{base}/unit/{slug}/daftar/")
    field = driver.find_element(By.ID, "daftar-pass")
    field.send_keys(wrong, Keys.ENTER)
    status = wait_for(driver, "var s = document.getElementById('daftar-status'); return s && /tidak cocok|does not "
        "match/.test(s.textContent) && s.textContent", OPEN_TIMEOUT)
    if not status:
        problems.append("a wrong passphrase did not show the 'tidak cocok' message")
    if driver.execute_script("return document.querySelectorAll('#daftar-result table').length"):
        problems.append("a wrong passphrase showed a table")
    field = driver.find_element(By.ID, "daftar-pass")
    field.clear()
    field.send_keys(passphrase.upper(), Keys.ENTER)
    shown = wait_for(driver, "return document.querySelectorAll('#daftar-result tbody tr').length", OPEN_TIMEOUT)
    if shown != len(rows):
        problems.append(f"the right passphrase showed {shown} rows for {slug}, the list has {len(rows)}")
        return f"{slug}: opened {shown} of {len(rows)}"
    names = driver.execute_script("return Array.from(document.querySelectorAll('#daftar-result tbody tr td:nth-child(2)')).map(td "
        "=> td.textContent)")
    if sorted(names) != sorted(r["nama"] for r in rows):
        problems.append("the opened list's names differ from `pantau roster`'s CSV")
    header = driver.find_elements(By.CSS_SELECTOR, "#daftar-result th button")[1]
    header.send_keys(Keys.ENTER)
    sort = driver.execute_script("return document.querySelectorAll('#daftar-result th')[1].getAttribute('aria-sort')")
    if sort != "ascending":
        problems.append(f"Enter on the Nama header left aria-sort={sort!r}")
    names = driver.execute_script("return Array.from(document.querySelectorAll('#daftar-result tbody tr td:nth-child(2)')).map(td "
        "=> td.textContent)")
    collated = driver.execute_script("var c = new Intl.Collator('id', {numeric: true, sensitivity: 'base'}); return "
        "arguments[0].slice().sort(c.compare)", names)
    if names != collated:
        problems.append("sorting by Nama did not order the rows by name")
    bad = outside_requests(driver)
    if bad:
        problems.append(f"requests left 127.0.0.1: {bad[:3]}")
    return f"{slug}: wrong passphrase opened nothing; right one opened {shown} rows; sorted by keyboard"


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_source():
    import importlib.util
    spec = importlib.util.find_spec("axe_selenium_python")
    if spec is None or not spec.submodule_search_locations:
        raise GateError("tool missing: pip package axe-selenium-python (run scripts/install-quality-tools)")
    found = sorted(Path(list(spec.submodule_search_locations)[0]).rglob("axe.min.js"))
    if not found:
        raise GateError("tool missing: axe.min.js in axe-selenium-python")
    return found[0].read_text(encoding="utf-8")


def axe_problems(driver, label):
    driver.execute_script(axe_source())
    result = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}}).then(function (r) { done(r.violations); },"
        " function (e) { done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]); });", AXE_TAGS)
    return [f"{label}: {v['id']} ({v['impact']}): {v['help']} [{len(v.get('nodes', []))} node(s)]"
            for v in result if v.get("impact") in ("serious", "critical")]


def gate_axe(site, base, driver, problems):
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.common.by import By
    driver.get(base + "/ringkasan/")
    problems += axe_problems(driver, "/ringkasan/")
    rosters = lists(site)
    slug = min(rosters, key=lambda s: (len(rosters[s]) == 0, len(rosters[s])))
    letter = (site / "data" / "surat-kunci" / f"{slug}.html").read_text(encoding="utf-8")
    driver.get(f"{base}/unit/{slug}/daftar/")
    problems += axe_problems(driver, f"/unit/{slug}/daftar/ (closed)")
    driver.find_element(By.ID, "daftar-pass").send_keys(" ".join(re.findall(r"</span> ([a-z]+)</li>", letter)), Keys.ENTER)
    if wait_for(driver, "return document.querySelectorAll('#daftar-result table, #daftar-result p').length", OPEN_TIMEOUT):
        problems += axe_problems(driver, f"/unit/{slug}/daftar/ (opened)")
    else:
        problems.append(f"/unit/{slug}/daftar/ did not open for the axe check")
    return f"/ringkasan/ and /unit/{slug}/daftar/ (closed and opened): 0 serious/critical"


def pdf_text(driver, base, path, landscape=False):
    from pypdf import PdfReader
    driver.get(base + path)
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True,
                                                      "paperWidth": 8.27, "paperHeight": 11.69, "landscape": landscape})
    reader = PdfReader(io.BytesIO(base64.b64decode(pdf["data"])))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    headers = driver.execute_script("return Array.from(document.querySelectorAll('main table thead th')).map(th => th.textContent.trim())")
    return len(reader.pages), text, headers


def squash(text):
    return re.sub(r"\s+", "", text)


def gate_print(site, base, driver, problems):
    agency = re.search(r"^title:\s*(.+)$", (site / "site.yml").read_text(encoding="utf-8"), re.M).group(1).strip()
    return print_checks(site / "Output", agency, base, driver, problems)


def print_checks(output, agency, base, driver, problems):
    notes = []
    for path, max_pages in (("/ringkasan/", 1), ("/progres/", None)):
        if not (output / path.strip("/") / "index.html").is_file():
            problems.append(f"{path} was not built")
            continue
        pages, text, headers = pdf_text(driver, base, path)
        flat = squash(text)
        if max_pages and pages > max_pages:
            problems.append(f"{path} prints on {pages} A4 pages, expected {max_pages}")
        if not headers:
            problems.append(f"{path} has no table column headers to check")
        missing = [h for h in headers if squash(h) not in flat]
        if missing:
            problems.append(f"{path}: {len(missing)} column header(s) missing from the PDF text: {missing[:6]}")
        for needle in (agency, "Data per"):
            if squash(needle) not in flat:
                problems.append(f"{path}: the PDF lacks {needle!r}")
        notes.append(f"{path} {pages} page(s), {len(headers)} headers")
    return "; ".join(notes)


def default_pantau():
    return Path(os.environ.get("PANTAU_BIN") or REPO / ".build" / "debug" / "pantau").resolve()


def main(argv):
    pantau = Path(argv[1]).resolve() if len(argv) > 1 else default_pantau()
    passed = failed = 0

    def report(name, fn, *args):
        nonlocal passed, failed
        problems = []
        try:
            summary = fn(*args, problems)
        except GateError as e:
            problems.append(str(e))
            summary = ""
        except Exception as e:  # a crash of the gate is a failure, with its reason
            problems.append(f"{type(e).__name__}: {e}")
            summary = ""
        for p in problems:
            print(f"  {name}: {p}")
        if problems:
            failed += 1
            print(f"FAIL  {name}: {len(problems)} problem(s)")
        else:
            passed += 1
            print(f"PASS  {name}: {summary}")

    try:
        site = prepare(pantau)
    except GateError as e:
        print(f"FAIL  roster-setup: {e}")
        print("0 passed, 1 failed")
        return 1
    try:
        report("roster-private", gate_private, site)
        httpd, base = serve(site / "Output")
        driver = None
        try:
            driver = browser()
            report("roster-browser", gate_browser, site, base, driver)
            report("roster-axe", gate_axe, site, base, driver)
            report("print-pdf", gate_print, site, base, driver)
        except Exception as e:
            failed += 1
            print(f"FAIL  browser: could not run Chromium: {e}")
        finally:
            if driver is not None:
                driver.quit()
            httpd.shutdown()
    finally:
        if os.environ.get("PANTAU_KEEP_TEST_FILES") != "1":
            shutil.rmtree(site, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


# ---- plug-in of scripts/quality_gates ----
try:
    from quality_gates import Gate, PageKind, Phase
except ImportError:  # run on its own without the package on the path
    Gate = None

if Gate is not None:
    PAGE_KINDS = [PageKind("ringkasan", "leadership briefing", "ringkasan/index.html")]

    def _qg_roster(ctx, res):
        """roster-private, roster-browser and roster-axe on a roster-enabled copy of the demo site."""
        site = prepare(default_pantau())
        httpd, base = serve(site / "Output")
        driver = None
        summaries = []
        try:
            problems = []
            summaries.append(gate_private(site, problems))
            driver = browser()
            summaries.append(gate_browser(site, base, driver, problems))
            summaries.append(gate_axe(site, base, driver, problems))
            for p in problems:
                res.fail(p)
        finally:
            if driver is not None:
                driver.quit()
            httpd.shutdown()
            if os.environ.get("PANTAU_KEEP_TEST_FILES") != "1":
                shutil.rmtree(site, ignore_errors=True)
        res.summary = "; ".join(summaries)

    def _qg_print(ctx, res):
        """/ringkasan/ on one A4 page and every column header of /ringkasan/ and /progres/ in Chromium's PDF."""
        ctx.browser.start()
        title = re.search(r"<title>([^<]*)</title>", (ctx.site.root / "index.html").read_text(encoding="utf-8"))
        agency = htmllib.unescape(title.group(1).split(" · ")[-1].strip()) if title else ""
        problems = []
        res.summary = print_checks(ctx.site.root, agency, ctx.browser.base, ctx.browser.driver, problems)
        for p in problems:
            res.fail(p)

    GATES = [Gate("roster", _qg_roster, Phase.BROWSER), Gate("print-pdf", _qg_print, Phase.BROWSER)]


if __name__ == "__main__":
    sys.exit(main(sys.argv))
