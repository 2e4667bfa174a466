#!/usr/bin/env python3
"""Shows that check-doc-refs.py fails on broken references (python3 standard library only).

Copies the scanned parts of the tree (src, tests without tests/data, bench, fuzz, docs, scripts)
and every Markdown file into a temporary root, checks that the copy passes, then plants in turn a missing section, a
range whose far end is missing, a missing docs file and a missing section of a bare "§n" inside
METHODS.md, and checks that each is reported as file:line with exit status 1.
Usage: test-check-doc-refs.py --root DIR
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

# Spelled in pieces so that this file, which the checker also scans, holds no broken reference.
M, F = "METH" + "ODS", "FORM" + "ATS"
PLANTS = [
    ("src/planted_ref.h", f"// See {M}.md §99.9 for nothing.\n", "src/planted_ref.h:1:"),
    ("src/planted_range.h", f"// Fine start, broken end: {M} §4.2–4.99.\n",
     "src/planted_range.h:1:"),
    ("tests/planted_file.cc", f"// {F}.md §1 and docs/NO_SUCH" + "_DOC.md\n",
     "tests/planted_file.cc:1:"),
]


def run(checker, root):
    r = subprocess.run([sys.executable, checker, "--root", root], capture_output=True, text=True)
    return r.returncode, r.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    root = os.path.abspath(parser.parse_args().root)
    checker = os.path.join(root, "scripts", "check-doc-refs.py")
    with tempfile.TemporaryDirectory(prefix="doc-refs-") as tmp:
        for top in ("src", "tests", "bench", "fuzz", "docs", "scripts"):
            if os.path.isdir(os.path.join(root, top)):
                shutil.copytree(os.path.join(root, top), os.path.join(tmp, top),
                                ignore=lambda d, names: ["data"] if d.endswith("tests") else [])
        # Every other Markdown file too (README, MANIFESTs under examples/ and data/), since
        # references to documents are checked against the tree.
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if d not in {".git", "build", "node_modules"}]
            for name in filenames:
                if not name.endswith(".md"):
                    continue
                dst = os.path.join(tmp, os.path.relpath(os.path.join(dirpath, name), root))
                if not os.path.exists(dst):
                    os.makedirs(os.path.dirname(dst), exist_ok=True)
                    shutil.copy(os.path.join(dirpath, name), dst)
        code, out = run(checker, tmp)
        if code != 0:
            print("the unmodified copy should pass:\n" + out)
            return 1
        failures = 0
        for path, text, expect in PLANTS:
            with open(os.path.join(tmp, path), "w", encoding="utf-8") as f:
                f.write(text)
            code, out = run(checker, tmp)
            os.remove(os.path.join(tmp, path))
            if code != 1 or expect not in out:
                print(f"planted {path}: expected exit 1 naming {expect}, got {code}:\n{out}")
                failures += 1
        methods = os.path.join(tmp, "docs", "METHODS.md")
        with open(methods, "a", encoding="utf-8") as f:
            f.write("\nSee §77 for more.\n")
        code, out = run(checker, tmp)
        if code != 1 or "docs/METHODS.md:" not in out:
            print(f"planted bare §77 in METHODS.md: expected exit 1, got {code}:\n{out}")
            failures += 1
        if failures:
            return 1
    print("check-doc-refs.py fails on every planted reference")
    return 0


if __name__ == "__main__":
    sys.exit(main())
