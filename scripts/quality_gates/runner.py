"""Runs the gates: builds the context, runs every registered gate phase by phase, prints each
gate's problems, the summary lines and "N passed, M failed"."""

from __future__ import annotations

import importlib
import os
import sys
import time
import traceback
from pathlib import Path

from . import browser_gates, static_gates
from .browser import Browser, start_server
from .context import REPO, GateContext, Settings
from .gate import Gate, GateError, Phase, Result
from .site import KINDS, PageKind, Site

# Where plug-in modules live: every scripts/gates_*.py is loaded, sorted by name
# (scripts/QUALITY_GATES.md, "Adding a gate").
PLUGIN_DIR = REPO / "scripts"
PLUGIN_GLOB = "gates_*.py"


def _broken(name: str, message: str) -> Gate:
    """A gate that fails with `message`: how a plug-in that cannot be loaded shows up."""

    def run(ctx: GateContext, res: Result) -> None:
        raise GateError(message)

    return Gate(name, run, Phase.STATIC)


def load_plugins(folder: Path = PLUGIN_DIR) -> tuple[list[Gate], list[PageKind]]:
    """The gates and page kinds of every plug-in module `folder/gates_*.py`: its module-level
    `GATES` (a list of `Gate`) and optional `PAGE_KINDS` (a list of `PageKind`). A module that
    cannot be imported, or has no GATES list of Gate, becomes one failing gate named after it."""
    gates: list[Gate] = []
    kinds: list[PageKind] = []
    if not folder.is_dir():
        return gates, kinds
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    for path in sorted(folder.glob(PLUGIN_GLOB)):
        name = path.stem
        try:
            module = importlib.import_module(name)
        except Exception as e:
            gates.append(_broken(name, f"plug-in {path} could not be loaded: {type(e).__name__}: {e}"))
            continue
        found = getattr(module, "GATES", None)
        extra = getattr(module, "PAGE_KINDS", [])
        if not isinstance(found, list) or not all(isinstance(g, Gate) for g in found):
            gates.append(_broken(name, f"plug-in {path} must define GATES, a list of quality_gates.Gate"))
            continue
        if not isinstance(extra, list) or not all(isinstance(k, PageKind) for k in extra):
            gates.append(_broken(name, f"plug-in {path}: PAGE_KINDS must be a list of quality_gates.PageKind"))
            continue
        gates += found
        kinds += extra
    return gates, kinds


def registered_gates(plugin_gates: list[Gate]) -> list[Gate]:
    """Every gate in the order it runs: by phase, then built-in before plug-in, then as listed.
    A second gate with a name already taken is replaced by a failing gate saying so."""
    gates: list[Gate] = []
    names: set[str] = set()
    for g in static_gates.GATES + browser_gates.GATES + plugin_gates:
        if g.name in names:
            g = _broken(g.name, f"two gates are named '{g.name}': rename one (gate names must be unique)")
        names.add(g.name)
        gates.append(g)
    return sorted(gates, key=lambda g: g.phase)  # stable: keeps the order within a phase


def page_kinds(plugin_kinds: list[PageKind]) -> list[PageKind]:
    """The built-in page kinds, then the plug-ins' kinds whose names are new."""
    known = {k.name for k in KINDS}
    return list(KINDS) + [k for k in plugin_kinds if k.name not in known]


def run_gate(gate: Gate, ctx: GateContext) -> Result:
    """Runs one gate and prints its notes and problems; the summary gets the gate's time."""
    max_details = ctx.settings.max_details
    res = Result(gate.name)
    t = time.time()
    print(f"\n== {gate.name}", flush=True)
    try:
        gate.run(ctx, res)
    except GateError as e:
        res.fail(str(e))
        res.summary = res.summary or "could not run"
    except Exception as e:
        res.fail(f"gate crashed: {type(e).__name__}: {str(e).strip()[:500]}")
        traceback.print_exc(limit=3, file=sys.stdout)
        res.summary = res.summary or "crashed"
    for n in res.notes[:max_details]:
        print(f"   {n}")
    for p in res.problems[:max_details]:
        print(f"   FAIL {p}")
    if len(res.problems) > max_details:
        print(f"   ... and {len(res.problems) - max_details} more problems")
    res.summary += f" [{time.time() - t:.1f} s]"
    return res


def print_summary(results: list[Result], t0: float) -> int:
    """Prints the PASS/FAIL/SKIP lines and "N passed, M failed"; returns the number failed."""
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
    return failed


def main(argv: list[str]) -> int:
    root = Path(argv[1] if len(argv) > 1 and argv[1] else REPO / "Output").resolve()
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
    settings = Settings.from_env()
    plugin_gates, plugin_kinds = load_plugins()
    gates = registered_gates(plugin_gates)
    only = set(settings.only)
    t0 = time.time()
    print(f"quality gates on {root}")
    if only:
        print(f"QG_ONLY is set: running only {sorted(only)} of {[g.name for g in gates]}")
    if not root.is_dir():
        print(f"FAIL  site: {root} is not a directory (run `pantau build` first)")
        print("0 passed, 1 failed")
        return 1
    site = Site(root)
    if not site.html_files:
        print(f"FAIL  site: no .html files in {root} (run `pantau build` first)")
        print("0 passed, 1 failed")
        return 1
    kinds = page_kinds(plugin_kinds)
    version = static_gates.vnu_version()
    httpd, base = start_server(root)
    ctx = GateContext(site=site, settings=settings, browser=Browser(base), page_kinds=kinds,
                      kinds=site.kind_pages(kinds))
    if version is not None:
        ctx.vnu_version = version
    results = []
    try:
        for gate in gates:
            if only and gate.name not in only:
                continue
            results.append(run_gate(gate, ctx))
    finally:
        ctx.browser.quit()
        httpd.shutdown()
        httpd.server_close()
    failed = print_summary(results, t0)
    return 1 if failed else 0
