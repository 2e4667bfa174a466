"""Shared set-up of the Python module's tests (tests/python mirrors src/python).

ctest (tests/CMakeLists.txt) runs `python3 -m pytest tests/python` with PYTHONPATH at the build's
python/ folder, LINEAGE_BINARY at the CLI it compares against and LINEAGE_POWER_CACHE at the run's
power cache. By hand: PYTHONPATH=build/python LINEAGE_BINARY=build/lineage python3 -m pytest
tests/python.
"""

import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "models"
TEST_DATA = ROOT / "tests" / "data"


def lineage_binary():
    return os.environ.get("LINEAGE_BINARY", str(ROOT / "build" / "lineage"))


def run_cli(*args, check=True):
    """The CLI's exit code, stdout and stderr for `lineage ARGS...`."""
    p = subprocess.run([lineage_binary(), *map(str, args)], capture_output=True, text=True,
                       timeout=600)
    if check and p.returncode != 0:
        raise AssertionError(f"lineage {args}: exit {p.returncode}: {p.stderr}")
    return p


def cli_json(*args):
    return json.loads(run_cli(*args, "--json").stdout)


def cli_error(*args):
    """The message the CLI prints for a failing command, without its `lineage <cmd>: ` prefix."""
    p = run_cli(*args, check=False)
    assert p.returncode != 0, f"lineage {args} succeeded"
    line = p.stderr.strip().splitlines()[-1]
    prefix = f"lineage {args[0]}: "
    assert line.startswith(prefix), line
    return line[len(prefix):]


@pytest.fixture(scope="session")
def examples():
    return EXAMPLES


@pytest.fixture(scope="session")
def test_data():
    return TEST_DATA
