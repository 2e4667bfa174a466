#!/usr/bin/env python3
"""The layer order of src/, written once, and the check that every #include respects it.

A module is the first path component under src/ (src/weights/pair/x.h belongs to `weights`).
A file may include its own module, any module in a lower layer, and a module of its own layer
only when the pair is listed in ALLOWED_SIDEWAYS. Anything else (upward, or an unlisted sideways
include, or an include that names no module) is reported as file:line and the check fails.

Usage: scripts/check-layers.py [--root DIR]   (DIR holds src/; default: the repository root)
Exit status: 0 when every include is allowed, 1 otherwise. Python 3 standard library only.
"""

import argparse
import pathlib
import re
import sys

# Low to high. A module may depend only on modules in earlier rows (util depends on nothing).
LAYERS = [
    ("util",),
    ("io",),
    ("format",),
    ("model",),
    ("stats",),
    ("evidence",),  # plain types every analysis fills: Finding, NullModel, result summaries
    ("tokenizer", "arch", "weights", "training", "behaviour"),  # the analyses (behaviour: served models)
    ("fingerprint",),  # model sketches for the registry: reads models, reuses the analyses' tests
    ("registry",),  # the fingerprint database (SQLite) and its search
    ("verdict",),  # the decision, which consumes evidence
    ("compare",),  # orchestration: runs the analyses, then decides
    ("report",),
    ("cli", "python"),  # the front ends: the command line and the Python module
]

# Sideways includes within one layer that are allowed, with the reason. Nothing else is.
ALLOWED_SIDEWAYS = {
    ("weights", "tokenizer"): "embedding alignment uses the tokens both vocabularies share",
    ("training", "weights"): "a trajectory runs the weight tests on consecutive checkpoints",
}

SOURCE_SUFFIXES = {".h", ".hh", ".hpp", ".cc", ".cpp", ".inc"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def layer_of(module):
    for rank, row in enumerate(LAYERS):
        if module in row:
            return rank
    return None


def allowed(src_module, dst_module):
    """Returns None when src_module may include dst_module, else a short reason why not."""
    if src_module == dst_module:
        return None
    src_rank, dst_rank = layer_of(src_module), layer_of(dst_module)
    if src_rank is None:
        return f"module '{src_module}' is not in the layer table"
    if dst_rank is None:
        return f"'{dst_module}' is not a module in the layer table"
    if dst_rank < src_rank:
        return None
    if dst_rank > src_rank:
        return f"upward: {src_module} (layer {src_rank}) -> {dst_module} (layer {dst_rank})"
    if (src_module, dst_module) in ALLOWED_SIDEWAYS:
        return None
    return f"sideways {src_module} -> {dst_module} is not in ALLOWED_SIDEWAYS"


def check(src_dir):
    """Yields (path, line number, include, reason) for every include that breaks the order."""
    for path in sorted(src_dir.rglob("*")):
        if path.suffix not in SOURCE_SUFFIXES or not path.is_file():
            continue
        rel = path.relative_to(src_dir)
        if len(rel.parts) < 2:
            yield rel, 0, "", "file directly under src/ belongs to no module"
            continue
        module = rel.parts[0]
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            match = INCLUDE.match(line)
            if not match:
                continue
            target = match.group(1)
            if "/" not in target:
                # A bare name resolves beside the including file: its own module.
                continue
            reason = allowed(module, target.split("/", 1)[0])
            if reason:
                yield rel, number, target, reason


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_root = pathlib.Path(__file__).resolve().parent.parent
    parser.add_argument("--root", type=pathlib.Path, default=default_root,
                        help="directory holding src/ (default: this repository)")
    args = parser.parse_args()
    src_dir = args.root / "src"
    if not src_dir.is_dir():
        print(f"check-layers: no src/ under {args.root}", file=sys.stderr)
        return 2
    problems = list(check(src_dir))
    for rel, number, target, reason in problems:
        print(f"src/{rel}:{number}: #include \"{target}\": {reason}")
    if problems:
        print(f"check-layers: {len(problems)} include(s) break the layer order "
              f"(table in scripts/check-layers.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
