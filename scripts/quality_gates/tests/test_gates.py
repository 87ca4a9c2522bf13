"""Offline tests of the gates package (no browser, no vnu): a broken tiny site fails the gate that
checks what is broken, plug-ins load and run in their phase, a broken plug-in fails.

    .venv/bin/python -P -m unittest discover -s scripts/quality_gates/tests -t scripts
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import textwrap
import unittest
from pathlib import Path
from unittest import mock

from quality_gates import Gate, GateContext, Result, Settings, Site, runner
from quality_gates.browser import Browser
from quality_gates.site import KINDS
from quality_gates.static_gates import gate_links, gate_no_external, gate_pages, gate_small_groups

PAGE = """<!doctype html><html lang="id"><head><title>t</title>
<link rel="stylesheet" href="/css/site.css"></head>
<body><main id="isi">{body}</main></body></html>
"""


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def context(root: Path) -> GateContext:
    site = Site(root)
    return GateContext(site=site, settings=Settings(), browser=Browser("http://127.0.0.1:9"),
                       kinds=site.kind_pages())


def run(gate, root: Path) -> Result:
    res = Result("test")
    gate(context(root), res)
    return res


class StaticGatesTest(unittest.TestCase):
    def setUp(self) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        self.root = Path(self.tmp.name)
        write(self.root, "css/site.css", "body { background: url(/img/bg.svg); }")
        write(self.root, "img/bg.svg", '<svg xmlns="http://www.w3.org/2000/svg"></svg>')
        write(self.root, "index.html", PAGE.format(body='<a href="/panduan/">Panduan</a> <a href="#isi">isi</a>'))
        write(self.root, "panduan/index.html", PAGE.format(body='<a href="../">Beranda</a>'))

    def tearDown(self) -> None:
        self.tmp.cleanup()

    def test_links_pass_on_a_whole_site(self) -> None:
        res = run(gate_links, self.root)
        self.assertEqual(res.problems, [])
        self.assertIn("0 broken", res.summary)

    def test_a_broken_link_fails_links_naming_file_line_and_target(self) -> None:
        write(self.root, "panduan/index.html", PAGE.format(body='\n<a href="/hilang/">x</a>'))
        res = run(gate_links, self.root)
        self.assertFalse(res.passed)
        self.assertEqual(len(res.problems), 1)
        self.assertIn("/panduan/index.html:4", res.problems[0])
        self.assertIn("/hilang/ is not in the output dir", res.problems[0])

    def test_a_missing_fragment_and_a_missing_css_url_fail_links(self) -> None:
        write(self.root, "index.html", PAGE.format(body='<a href="/#tidak-ada">x</a>'))
        write(self.root, "css/site.css", "body { background: url(../img/hilang.png); }")
        problems = " | ".join(run(gate_links, self.root).problems)
        self.assertIn('no element with id="tidak-ada"', problems)
        self.assertIn("/css/site.css: url() ../img/hilang.png", problems)

    def test_an_external_script_fails_no_external_but_an_external_link_does_not(self) -> None:
        write(self.root, "index.html", PAGE.format(
            body='<a href="https://example.org/">x</a><script src="https://cdn.example.org/a.js"></script>'))
        res = run(gate_no_external, self.root)
        self.assertEqual(len(res.problems), 1)
        self.assertIn("cdn.example.org/a.js", res.problems[0])
        self.assertIn("1 external <a href> links allowed", res.summary)

    def test_pages_fails_for_each_missing_kind_unless_optional(self) -> None:
        res = run(gate_pages, self.root)
        self.assertIn(f"2/{len(KINDS)} page kinds present", res.summary)  # home and section exist
        self.assertTrue(any("'unit') missing" in p for p in res.problems))
        ctx = context(self.root)
        missing = {k.name for k in KINDS} - {"home", "section"}
        ctx = GateContext(site=ctx.site, browser=ctx.browser, kinds=ctx.kinds, settings=Settings(optional_kinds=missing))
        res = Result("pages")
        gate_pages(ctx, res)
        self.assertEqual(res.problems, [])


class SmallGroupsGateTest(unittest.TestCase):
    HEADER = "kode_unit,nama_unit,pegawai,sudah_aktivasi,persen_aktivasi,pdm_lengkap,persen_pdm_lengkap,disembunyikan\n"

    def setUp(self) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        self.root = Path(self.tmp.name)
        write(self.root, "data/ringkasan.json", '{"kelompok_minimum": 5}')
        write(self.root, "aktivasi/index.html", PAGE.format(body='<p class="small small-group-note">why</p>'))

    def tearDown(self) -> None:
        self.tmp.cleanup()

    def test_hidden_and_shown_rows_as_the_build_writes_them_pass(self) -> None:
        write(self.root, "data/progres.csv", self.HEADER + "A,Nol,0,0,0.0,0,0.0,0\nC,Empat,,,,,,1\nD,Lima,5,2,40.0,0,0.0,0\n")
        res = run(gate_small_groups, self.root)
        self.assertEqual(res.problems, [])
        self.assertIn("3 units in the open data, 1 hidden", res.summary)

    def test_a_small_unit_with_figures_or_a_hidden_row_with_figures_fails(self) -> None:
        write(self.root, "data/progres.csv", self.HEADER + "C,Empat,4,3,75.0,1,25.0,0\nB,Satu,,1,,,,1\n")
        problems = " | ".join(run(gate_small_groups, self.root).problems)
        self.assertIn("/data/progres.csv:2 (C): 4 employees, below kelompok_minimum 5", problems)
        self.assertIn("/data/progres.csv:3 (B): hidden as a small group but publishes sudah_aktivasi", problems)

    def test_a_hidden_unit_without_the_note_fails(self) -> None:
        write(self.root, "data/progres.csv", self.HEADER + "C,Empat,,,,,,1\n")
        write(self.root, "aktivasi/index.html", PAGE.format(body="<p>no note</p>"))
        problems = " | ".join(run(gate_small_groups, self.root).problems)
        self.assertIn("/aktivasi/: 1 unit(s) hidden as small groups, but the page does not say why", problems)


class PluginTest(unittest.TestCase):
    def setUp(self) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        self.folder = Path(self.tmp.name)

    def tearDown(self) -> None:
        self.tmp.cleanup()

    def plugin(self, name: str, text: str) -> None:
        write(self.folder, f"{name}.py", textwrap.dedent(text))

    def test_a_plugin_adds_gates_in_its_phase_and_page_kinds(self) -> None:
        self.plugin("gates_qgtest_ok", """
            from quality_gates import Gate, PageKind, Phase

            def check(ctx, res):
                res.summary = "ran"

            GATES = [Gate("qgtest-browser", check, Phase.BROWSER), Gate("qgtest-static", check)]
            PAGE_KINDS = [PageKind("ringkasan", "summary page", "ringkasan/index.html"),
                          PageKind("home", "ignored: the name is taken", "other.html")]
        """)
        gates, kinds = runner.load_plugins(self.folder)
        names = [g.name for g in runner.registered_gates(gates)]
        self.assertEqual(names.index("qgtest-static"), names.index("small-groups") + 1)
        self.assertEqual(names.index("qgtest-browser"), names.index("screenshots") + 1)
        self.assertEqual(names[-1], "network")
        all_kinds = runner.page_kinds(kinds)
        self.assertEqual([k.name for k in all_kinds].count("home"), 1)
        self.assertEqual(all_kinds[-1].name, "ringkasan")

    def test_a_plugin_that_cannot_load_or_has_no_gates_list_is_a_failing_gate(self) -> None:
        self.plugin("gates_qgtest_crash", "import no_such_module_here\n")
        self.plugin("gates_qgtest_nolist", "GATES = 'not a list'\n")
        gates, _ = runner.load_plugins(self.folder)
        self.assertEqual([g.name for g in gates], ["gates_qgtest_crash", "gates_qgtest_nolist"])
        self.assertIn("ModuleNotFoundError", res_problem(gates[0]))
        self.assertIn("must define GATES", res_problem(gates[1]))

    def test_two_gates_with_one_name_fail(self) -> None:
        dup = Gate("links", lambda ctx, res: None)
        gates = runner.registered_gates([dup])
        second = [g for g in gates if g.name == "links"][1]
        self.assertIn("two gates are named 'links'", res_problem(second))


def res_problem(gate: Gate) -> str:
    """The problems of a gate run on an empty context (the gates tested here fail before reading it)."""
    ctx = GateContext(site=None, settings=Settings(), browser=None)  # type: ignore[arg-type]
    with contextlib.redirect_stdout(io.StringIO()):
        res = runner.run_gate(gate, ctx)
    assert not res.passed
    return " | ".join(res.problems)


class RunnerTest(unittest.TestCase):
    def test_output_ends_with_pass_fail_lines_and_the_count(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            write(root, "index.html", PAGE.format(body='<a href="/hilang/">x</a>'))
            out = io.StringIO()
            with mock.patch.dict(os.environ, {"QG_ONLY": "links,no-external"}), \
                    mock.patch.object(runner, "load_plugins", return_value=([], [])), \
                    contextlib.redirect_stdout(out):
                code = runner.main(["quality_gates", str(root)])
        lines = out.getvalue().splitlines()
        self.assertEqual(code, 1)
        self.assertTrue(any(line.startswith("FAIL  links ") for line in lines), lines)
        self.assertTrue(any(line.startswith("PASS  no-external ") for line in lines), lines)
        self.assertEqual(lines[-1], "1 passed, 1 failed")


if __name__ == "__main__":
    unittest.main()
