#!/usr/bin/env python3
"""Proves scripts/check-layers.py can fail: on a copy of src/ it must pass, then fail on a planted
upward include and on a planted unlisted sideways include, naming the file and line; a listed
sideways include must still pass.

Usage: check_layers_test.py REPO_ROOT. Exit 0 when every case behaves; python3 stdlib only.
"""

import pathlib
import shutil
import subprocess
import sys
import tempfile


def run_check(script, root):
    proc = subprocess.run([sys.executable, str(script), "--root", str(root)],
                          capture_output=True, text=True)
    return proc.returncode, proc.stdout + proc.stderr


def plant(src, rel, include):
    """Appends `#include "include"` to src/rel and returns the line number it landed on."""
    path = src / rel
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append(f'#include "{include}"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def main():
    repo = pathlib.Path(sys.argv[1]).resolve()
    script = repo / "scripts" / "check-layers.py"
    failures = []
    # (file to plant in, include, should the check pass?)
    cases = [
        (None, None, True),  # the copy as it is
        ("util/status.h", "verdict/decide.h", False),  # upward: util depends on nothing
        ("evidence/finding.h", "tokenizer/scripts.h", False),  # upward: evidence below analyses
        ("tokenizer/vocab.h", "weights/hash/hash.h", False),  # sideways, not listed
        ("weights/hash/hash.h", "tokenizer/vocab.h", True),  # sideways, listed (shared tokens)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        shutil.copytree(repo / "src", root / "src")
        for rel, include, should_pass in cases:
            original = (root / "src" / rel).read_bytes() if rel else None
            line = plant(root / "src", rel, include) if rel else 0
            code, output = run_check(script, root)
            if rel:
                (root / "src" / rel).write_bytes(original)  # one planted include at a time
            name = f"{rel} -> {include}" if rel else "unmodified copy of src/"
            if should_pass and code != 0:
                failures.append(f"{name}: expected to pass, got exit {code}:\n{output}")
            if not should_pass:
                where = f"src/{rel}:{line}: #include \"{include}\""
                if code == 0:
                    failures.append(f"{name}: expected to fail, but the check passed")
                elif where not in output:
                    failures.append(f"{name}: failed without naming {where}:\n{output}")
    for f in failures:
        print(f, file=sys.stderr)
    print(f"check_layers_test: {len(cases) - len(failures)}/{len(cases)} cases behave")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
