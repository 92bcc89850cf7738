"""A gate that holds a worker's recompute between reading and writing, so that a test can kill
the worker there: no timing, the recompute waits for a file.

The worker's environment names :func:`wait_at_gate` in WZSCI_DURING_RECOMPUTE and a folder in
WZSCI_TEST_GATE: the recompute writes ``entered-<pid>`` there (the pid of the process running
it), then waits until the test creates ``open``.
"""

import os
import time
from pathlib import Path

HOOK = "tests.integration.gate.wait_at_gate"


def wait_at_gate(*, indicator_ids) -> None:
    folder = Path(os.environ["WZSCI_TEST_GATE"])
    (folder / f"entered-{os.getpid()}").write_text(repr(indicator_ids))
    while not (folder / "open").exists():
        time.sleep(0.05)


def gate_env(folder: Path) -> dict:
    """The worker environment that puts the gate in its recompute."""
    return {"WZSCI_DURING_RECOMPUTE": HOOK, "WZSCI_TEST_GATE": str(folder)}


def entered(folder: Path) -> list[int]:
    """The pids of the processes that reached the gate, in no particular order."""
    return [int(p.name.removeprefix("entered-")) for p in folder.glob("entered-*")]


def open_gate(folder: Path) -> None:
    (folder / "open").touch()
