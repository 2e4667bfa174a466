"""progress=callable receives the library's progress events; progress=True draws the C++ bar only
on a terminal; an exception raised by the callback cancels the call and propagates
(src/python/interrupt.h)."""

import os
import subprocess
import sys
import textwrap
import time

import pytest

import lineage
from conftest import EXAMPLES

FT, BASE, INDEP = EXAMPLES / "ft-sft", EXAMPLES / "base", EXAMPLES / "indep-s1"


def test_a_callback_receives_every_stages_events_and_the_same_result():
    events = []
    r = lineage.weights(FT, BASE, progress=events.append)
    assert r == lineage.weights(FT, BASE)
    assert events, "no progress event"
    assert all(isinstance(e, lineage.ProgressEvent) for e in events)
    stages = {e.stage for e in events}
    assert {"block signatures", "block tests"} <= stages
    for stage in stages:
        mine = [e for e in events if e.stage == stage]
        # Each stage ends with exactly one final event at its total; `done` never decreases.
        assert [e.finished for e in mine].count(True) == 1 and mine[-1].finished
        assert mine[-1].done == mine[-1].total > 0
        assert [e.done for e in mine] == sorted(e.done for e in mine)
    assert max(e.bytes_read for e in events) > 0  # the models' bytes read, beside the bars


class Stop(Exception):
    pass


def test_an_exception_in_the_callback_cancels_the_call_and_propagates(tmp_path, monkeypatch):
    # A cold power cache and an independent pair, whose verdict needs its power: the controls
    # would run for tens of seconds after the pair's stages.
    monkeypatch.setenv("LINEAGE_POWER_CACHE", str(tmp_path / "cold"))
    calls = []

    def stop(event):
        calls.append(event)
        raise Stop(event.stage)

    start = time.monotonic()
    with pytest.raises(Stop):
        lineage.compare(INDEP, [BASE], progress=stop)
    elapsed = time.monotonic() - start
    assert len(calls) == 1  # nothing is delivered after the failure
    assert lineage._lineage._running_workers() == 0
    assert elapsed < 10, f"the cancelled call took {elapsed} s"
    assert not list((tmp_path / "cold").glob("**/*.json")), "cancelled power cached"


BAR = textwrap.dedent("""
    import sys
    import lineage
    lineage.weights(sys.argv[1], sys.argv[2], progress=True)
""")


def run_bar_script(stderr):
    return subprocess.Popen([sys.executable, "-c", BAR, str(FT), str(BASE)],
                            stdout=subprocess.DEVNULL, stderr=stderr)


def test_progress_true_draws_the_bar_on_a_terminal_only():
    import pty

    # On a terminal: the bar's line control (each stage's bar is erased at its end).
    master, slave = pty.openpty()
    p = run_bar_script(slave)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the child closed its end
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    assert p.wait(timeout=300) == 0
    assert b"\r\x1b[K" in out, out[-400:]
    # Off a terminal: nothing.
    p = run_bar_script(subprocess.PIPE)
    _, err = p.communicate(timeout=300)
    assert p.returncode == 0, err
    assert b"\x1b[K" not in err and b"\r" not in err, err[-400:]
