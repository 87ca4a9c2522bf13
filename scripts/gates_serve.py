#!/usr/bin/env python3
"""Browser gate for `pantau serve` (issue 13): in headless Chromium, an edited page reloads by itself,
a broken page shows the error overlay with file:line:col while the last good page stays, and fixing
it removes the overlay. Runs on a copy of the demo site; never touches the repository's files.

Usage: scripts/gates_serve.py [PANTAU_BINARY]   (default .build/debug/pantau, else $PANTAU)
Also a quality-gates plug-in (GATES below): `scripts/quality-gates` runs it as the `serve` gate.
Needs selenium (the quality-gates venv), /usr/bin/chromium and /usr/bin/chromedriver.
Last line of output: "N passed, M failed".
"""
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGE = "panduan/aktivasi-mysapk.md"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, check, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            value = check()
            if value:
                return value
        except Exception:
            pass
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


def main(argv=None, report=print):
    argv = sys.argv if argv is None else argv
    binary = os.path.abspath(argv[1] if len(argv) > 1 else os.environ.get("PANTAU", os.path.join(REPO, ".build/debug/pantau")))
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    work = tempfile.mkdtemp(prefix="pantau-serve-gate-")
    site = os.path.join(work, "site")
    os.makedirs(site)
    for name in ("site.yml", "Content", "Themes"):
        source = os.path.join(REPO, name)
        (shutil.copytree if os.path.isdir(source) else shutil.copy)(source, os.path.join(site, name))
    port = free_port()
    log = open(os.path.join(work, "serve.log"), "w+")
    server = subprocess.Popen([binary, "serve", "--site", site, "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    passed, failed = 0, 0
    driver = None

    def gate(name, body):
        nonlocal passed, failed
        try:
            body()
            report(f"PASS  serve: {name}")
            passed += 1
        except Exception as e:
            report(f"FAIL  serve: {name}: {str(e).strip()[:300]}")
            failed += 1

    try:
        def ready():
            log.seek(0)
            found = re.search(r"Serving at (\S+)", log.read())
            return found and found.group(1)
        base = wait_for("the server to start", ready, 120)
        opts = webdriver.ChromeOptions()
        opts.binary_location = "/usr/bin/chromium"
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-proxy-server"):
            opts.add_argument(a)
        driver = webdriver.Chrome(options=opts, service=Service(executable_path="/usr/bin/chromedriver"))
        driver.set_page_load_timeout(30)
        url = base + "panduan/aktivasi-mysapk/"
        markdown = os.path.join(site, "Content", PAGE)
        original = open(markdown, encoding="utf-8").read()

        def loads():
            driver.get(url)
            wait_for("the page", lambda: "MySAPK" in driver.title)
            wait_for("the reload socket", lambda: driver.execute_script(
                "return performance.getEntriesByType('resource').some(e => e.name.includes('reload.js'))"))
            driver.execute_script("window.__notReloaded = true")
        gate("page served with the reload script", loads)

        def reloads_on_edit():
            time.sleep(0.5)  # let the socket connect
            with open(markdown, "w", encoding="utf-8") as f:
                f.write(original + "\nPerubahan dari uji serve.\n")
            wait_for("the edit to show without a manual refresh",
                     lambda: "Perubahan dari uji serve." in driver.page_source
                     and driver.execute_script("return window.__notReloaded === undefined"))
        gate("an edit reloads the open page", reloads_on_edit)

        def overlay_on_error():
            driver.execute_script("window.__notReloaded = true")
            with open(markdown, "w", encoding="utf-8") as f:
                f.write(original + "\nPerubahan dari uji serve.\n\n[rusak](tidak-ada.md)\n")
            box = wait_for("the error overlay", lambda: driver.execute_script(
                "const b = document.getElementById('pantau-serve-error'); return b && b.textContent"))
            if not re.search(r"Content/panduan/aktivasi-mysapk\.md:\d+:\d+", box):
                raise AssertionError(f"overlay has no file:line:col: {box[:200]}")
            if "Perubahan dari uji serve." not in driver.page_source:
                raise AssertionError("the last good page is no longer shown under the overlay")
        gate("a broken page shows the error overlay with file:line:col", overlay_on_error)

        def recovers():
            with open(markdown, "w", encoding="utf-8") as f:
                f.write(original)
            wait_for("the overlay to go and the page to reload", lambda: driver.execute_script(
                "return !document.getElementById('pantau-serve-error') && window.__notReloaded === undefined")
                and "Perubahan dari uji serve." not in driver.page_source)
        gate("fixing the page removes the overlay", recovers)

        def output_untouched():
            if os.path.exists(os.path.join(site, "Output", "index.html")):
                raise AssertionError("serve wrote into the site's Output/")
        gate("nothing written to Output/", output_untouched)
    except Exception as e:
        report(f"FAIL  serve: {str(e).strip()[:300]}")
        failed += 1
    finally:
        if driver is not None:
            driver.quit()
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)
    report(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def _gate(ctx, res):
    """The quality-gates plug-in: the same checks, each failure a problem of the `serve` gate."""
    lines = []
    main([sys.argv[0]], report=lines.append)
    for line in lines[:-1]:
        (res.fail if line.startswith("FAIL") else res.note)(line[6:])
    res.summary = lines[-1] if lines else "did not run"


try:
    from quality_gates.gate import Gate, Phase
    GATES = [Gate("serve", _gate, Phase.FINAL)]
except ImportError:  # run on its own, outside the quality-gates package
    GATES = []


if __name__ == "__main__":
    sys.exit(main())
