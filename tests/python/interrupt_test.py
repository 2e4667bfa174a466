"""Ctrl-C during a long call raises KeyboardInterrupt promptly and stops the work (its cancel
flag, util/cancel.h); the GIL is released meanwhile (src/python/interrupt.h)."""

import os
import subprocess
import sys
import textwrap
import threading
import time

from conftest import EXAMPLES

# A comparison with an empty power cache runs its positive controls when a verdict can rest on them,
# as for this independent pair: tens of seconds on these models, so the signal (after 1 s) lands in the middle of the work. The script prints how long
# KeyboardInterrupt took after SIGINT and how many workers were still running then; the test also
# times the interpreter's exit, which joins any work still running in the background (atexit).
SCRIPT = textwrap.dedent("""
    import os, signal, sys, threading, time
    import lineage
    sent = []
    def interrupt():
        sent.append(time.monotonic())
        os.kill(os.getpid(), signal.SIGINT)
    threading.Timer(1.0, interrupt).start()
    try:
        lineage.compare(sys.argv[1], [sys.argv[2]])
        print("finished")
    except KeyboardInterrupt:
        print("interrupted", time.monotonic() - sent[0], lineage._lineage._running_workers(),
              flush=True)
""")


def test_sigint_during_compare_stops_the_work_promptly(tmp_path):
    env = dict(os.environ, LINEAGE_POWER_CACHE=str(tmp_path / "cold-power-cache"))
    start = time.monotonic()
    p = subprocess.run([sys.executable, "-c", SCRIPT, str(EXAMPLES / "indep-s1"),
                        str(EXAMPLES / "base")], env=env, capture_output=True, text=True,
                       timeout=300)
    total = time.monotonic() - start
    assert p.returncode == 0, p.stderr
    words = p.stdout.split()
    assert words[0] == "interrupted", p.stdout
    latency, running = float(words[1]), int(words[2])
    assert latency < 2.0, f"KeyboardInterrupt came {latency} s after SIGINT"
    assert running == 0, f"{running} workers still running after KeyboardInterrupt"
    # Start-up (~0.3 s), 1 s of work, the latency and exit: the controls' tens of seconds did
    # not run on in the background.
    assert total < 1.0 + latency + 5.0, f"the interpreter exited {total} s after its start"
    assert not list((tmp_path / "cold-power-cache").glob("**/*.json")), "cancelled power cached"


def test_other_python_threads_run_during_a_call():
    import lineage

    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.01)

    t = threading.Thread(target=tick)
    t.start()
    try:
        start = time.monotonic()
        lineage.weights(EXAMPLES / "ft-sft", EXAMPLES / "base")
        end = time.monotonic()
    finally:
        stop.set()
        t.join()
    during = [x for x in ticks if start < x < end]
    # 10 ms ticks: a call that held the GIL would leave at most a couple of them.
    assert len(during) >= min(10, int((end - start) / 0.02)), (len(during), end - start)
