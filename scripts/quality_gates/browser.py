"""The browser session: the site served over HTTP on 127.0.0.1, and one headless Chromium session
(selenium + chromedriver) shared by all browser gates, which records every request it makes."""

from __future__ import annotations

import http.server
import importlib.util
import json
import os
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

from .gate import GateError

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

MIME_EXTRA = {
    ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css",
    ".json": "application/json", ".svg": "image/svg+xml", ".webp": "image/webp",
    ".avif": "image/avif", ".woff": "font/woff", ".woff2": "font/woff2",
    ".webmanifest": "application/manifest+json", ".ico": "image/x-icon",
    ".wasm": "application/wasm", ".txt": "text/plain; charset=utf-8",
}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site without logging; a missing path gets /404.html with status 404."""

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


def start_server(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serves `root` on a free port of 127.0.0.1 in a daemon thread: (server, base URL)."""
    handler = lambda *a, **kw: QuietHandler(*a, directory=str(root), **kw)  # noqa: E731
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def find_axe_js() -> Path:
    spec = importlib.util.find_spec("axe_selenium_python")
    if spec is None or not spec.submodule_search_locations:
        raise GateError("tool missing: pip package axe-selenium-python (run scripts/install-quality-tools)")
    base = Path(list(spec.submodule_search_locations)[0])
    found = sorted(base.rglob("axe.min.js"))
    if not found:
        raise GateError(f"tool missing: axe.min.js not found under {base}")
    return found[0]


class Browser:
    """One headless Chromium session shared by all browser gates.

    Started lazily by the first gate that calls `start()`; if it cannot start, every later
    `start()` raises the same `GateError`. `get(path, label)` loads a root-absolute path of the
    served site and waits for it; `drain()` reads Chrome's performance log into `external`
    (requests to other hosts), `bad_status` (page resources that answered >= 400) and `requests`,
    each attributed to the label of the page being used (`current`).
    """

    def __init__(self, base_url: str) -> None:
        self.base = base_url
        self.driver: Any = None  # a selenium WebDriver once started (selenium is imported lazily)
        self.external: list[tuple[str, str]] = []              # (page, url)
        self.bad_status: list[tuple[str, str, int, str]] = []  # (page, url, status, type)
        self.requests = 0
        self.current = "(start)"
        self.error: str | None = None
        self.viewport: int | None = None

    def start(self) -> None:
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
                package = "chromium" if tool == CHROMIUM else "chromium-driver"
                self.error = f"tool missing: {tool} (Debian package {package}); run scripts/install-quality-tools"
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

    def quit(self) -> None:
        if self.driver is not None:
            try:
                self.drain()
                self.driver.quit()
            except Exception:
                pass
            self.driver = None

    def set_viewport(self, width: int) -> None:
        if self.viewport == width:
            return
        mobile = width <= 480
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": 740 if mobile else 900,
            "deviceScaleFactor": 2 if mobile else 1, "mobile": mobile})
        self.viewport = width

    def drain(self) -> None:
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
    def allowed_url(url: str) -> bool:
        s = urllib.parse.urlsplit(url)
        if s.scheme in ("data", "blob", "about", "javascript", "chrome", "devtools",
                        "chrome-extension"):
            return True
        return s.scheme in ("http", "https", "ws", "wss") and s.hostname in ("127.0.0.1", "localhost")

    def get(self, path: str, label: str | None = None) -> None:
        self.drain()
        self.current = label or path
        self.driver.get(self.base + path)
        self.wait_ready()
        self.drain()

    def wait_ready(self, timeout: float = 10) -> None:
        end = time.time() + timeout
        while time.time() < end:
            if self.driver.execute_script("return document.readyState") == "complete":
                return
            time.sleep(0.05)
