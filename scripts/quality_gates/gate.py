"""What a gate is: a named function of (context, result), the phase it runs in, and its result.

A gate records problems with `res.fail(...)`, informational lines with `res.note(...)`, and sets
`res.summary` (one line). It raises `GateError` when it cannot run at all (tool missing, bad
configuration); the gate then fails with that message. Any other exception fails the gate as
"gate crashed" and prints a short traceback; the remaining gates still run.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from .context import GateContext


class GateError(Exception):
    """A gate could not run (tool missing, bad configuration): the gate fails."""


class Phase(enum.IntEnum):
    """When a gate runs. Gates run phase by phase; within a phase, in registration order."""

    STATIC = 1   # reads files only
    BROWSER = 2  # uses the shared server + Chromium session (ctx.browser)
    FINAL = 3    # runs after every browser gate (the network gate reads the whole request log)


@dataclass
class Result:
    """The outcome of one gate: problems (each fails it), notes, a one-line summary."""

    name: str
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    summary: str = ""
    skipped: bool = False

    def fail(self, msg: str) -> None:
        self.problems.append(msg)

    def note(self, msg: str) -> None:
        self.notes.append(msg)

    @property
    def passed(self) -> bool:
        return not self.problems


GateFunction = Callable[["GateContext", Result], None]


@dataclass(frozen=True)
class Gate:
    """A gate as the runner sees it: its name (printed, and used by QG_ONLY), its function, its phase."""

    name: str
    run: GateFunction
    phase: Phase = Phase.STATIC

