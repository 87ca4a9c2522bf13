"""The typed context every gate gets: the site, the settings read from QG_* variables, the page of
each kind, the shared browser session, and facts gates report to each other (tool versions)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .browser import Browser
from .site import KINDS, PageKind, Site

REPO = Path(__file__).resolve().parent.parent.parent


def env_list(name: str) -> list[str]:
    return [x.strip().lower() for x in os.environ.get(name, "").split(",") if x.strip()]


@dataclass(frozen=True)
class Settings:
    """The QG_* environment variables, read once (scripts/QUALITY_GATES.md lists them)."""

    only: list[str] = field(default_factory=list)               # QG_ONLY
    optional_kinds: set[str] = field(default_factory=set)       # QG_OPTIONAL_KINDS
    search_word: str = "verifikasi"                             # QG_SEARCH_WORD (stripped)
    cek_fixture: str = ""                                       # QG_CEK_FIXTURE (stripped)
    all_pages: bool = False                                     # QG_ALL_PAGES
    screenshot_dir: Path = REPO / ".ci" / "artifacts" / "screenshots"  # QG_SCREENSHOT_DIR
    max_details: int = 60                                       # QG_MAX_DETAILS

    @staticmethod
    def from_env() -> Settings:
        return Settings(
            only=env_list("QG_ONLY"),
            optional_kinds=set(env_list("QG_OPTIONAL_KINDS")),
            search_word=os.environ.get("QG_SEARCH_WORD", "verifikasi").strip(),
            cek_fixture=os.environ.get("QG_CEK_FIXTURE", "").strip(),
            all_pages=os.environ.get("QG_ALL_PAGES", "") not in ("", "0"),
            screenshot_dir=Path(os.environ.get("QG_SCREENSHOT_DIR") or REPO / ".ci" / "artifacts" / "screenshots"),
            max_details=int(os.environ.get("QG_MAX_DETAILS", "60")),
        )


@dataclass
class GateContext:
    """Everything a gate reads, passed as `ctx` to every gate function."""

    site: Site
    settings: Settings
    browser: Browser
    page_kinds: list[PageKind] = field(default_factory=lambda: list(KINDS))
    kinds: dict[str, Path | None] = field(default_factory=dict)  # kind name -> its page, or None
    vnu_version: str = "?"         # set by the runner from `vnu.jar --version`
    axe_version: str | None = "?"  # set by the accessibility gate from axe.version

    @property
    def kind_names(self) -> list[str]:
        return [k.name for k in self.page_kinds]

    def checked_pages(self) -> list[tuple[str, str]]:
        """(kind, url) of the pages the browser gates look at: one page per kind,
        plus every other .html file when QG_ALL_PAGES=1."""
        site = self.site
        pages = [(k, site.url_for(f)) for k, f in self.kinds.items() if f is not None]
        if self.settings.all_pages:
            seen = {u for _, u in pages}
            pages += [("page", site.url_for(f)) for f in site.html_files if site.url_for(f) not in seen]
        return pages
