"""Shared fixtures: the repository's instances and the `ualign` binary (for comparing the Python
results with the command line's `--json` output). The tests import the installed package."""

import json
import subprocess
from fractions import Fraction
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
INSTANCES = REPO / "instances"
BARRIER = INSTANCES / "barrier-eps-1-10.json"
CYCLE = INSTANCES / "condorcet-cycle-3.json"
TIES = INSTANCES / "ties-and-unranked.json"
PREFLIB = sorted((INSTANCES / "preflib").glob("*.so?")) + sorted(
    (INSTANCES / "preflib").glob("*.to?")
)


@pytest.fixture(scope="session")
def ualign_bin() -> Path:
    """The release binary (built by the Rust half of scripts/test-all; built here if missing)."""
    exe = REPO / "target" / "release" / "ualign"
    if not exe.exists():
        subprocess.run(
            ["cargo", "build", "--release", "--bin", "ualign"], cwd=REPO, check=True
        )
    return exe


@pytest.fixture(scope="session")
def cli_json(ualign_bin):
    """Runs `ualign ARGS --json` from the repository root and returns the parsed object."""

    def run(*args: str) -> dict:
        out = subprocess.run(
            [str(ualign_bin), *map(str, args), "--json"],
            cwd=REPO,
            capture_output=True,
            text=True,
        )
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)

    return run


def as_json(x):
    """The `--json` form of a Python result: Fractions become "p/q" strings."""
    if isinstance(x, Fraction):
        return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
    if isinstance(x, dict):
        return {k: as_json(v) for k, v in x.items()}
    if isinstance(x, list):
        return [as_json(v) for v in x]
    return x
