#!/usr/bin/env python3
"""Checks that every documentation reference in the tree resolves.

Scans src/ tests/ bench/ fuzz/ docs/ scripts/ (tests/data excluded) for
  - section references into docs/METHODS.md and docs/FORMATS.md: "METHODS.md §4.2",
    "METHODS §10", "FORMATS.md 2.1", ranges such as "§4.2–4.4" or "§3-5" (both ends must
    exist) and lists such as "§4.2, §10" or "§6 and §12";
  - inside docs/METHODS.md and docs/FORMATS.md, bare "§n" references to the same document;
  - documentation files named like "docs/CALIBRATION.md" or "TOKENIZER.md" (upper-case names): a path
    must exist relative to the root or to the referencing file; a bare name must exist somewhere
    in the tree.
A section exists when a Markdown heading of that document starts with its number
("## 4. Weight statistics", "### 4.2 S1 ...").

Prints one "file:line: message" per broken reference and exits 1; exits 0 when all resolve.
Usage: check-doc-refs.py [--root DIR]   (python3 standard library only)
"""

import argparse
import os
import re
import sys

SCAN_DIRS = ("src", "tests", "bench", "fuzz", "docs", "scripts")
SKIP_DIRS = {os.path.join("tests", "data"), "build", ".git", "node_modules"}
TEXT_EXTENSIONS = {".h", ".cc", ".cpp", ".c", ".hpp", ".py", ".sh", ".md", ".txt", ".cmake",
                   ".json", ".js", ".ts", ".toml", ".yml", ".yaml", ""}
SECTIONED = {"METHODS": os.path.join("docs", "METHODS.md"),
             "FORMATS": os.path.join("docs", "FORMATS.md")}

NUM = r"\d+(?:\.\d+)*"
# "METHODS.md §4.2", "METHODS §10", "FORMATS.md 2.1" (a bare number only right after ".md"),
# "FORMATS.md's §2", each optionally a range "–4.4" / "-5".
FIRST = re.compile(r"\b(METHODS|FORMATS)(?:(\.md)(?:'s)?)?[ \t]*(§[ \t]*|(?<=\.md)[ \t]+(?=\d))"
                   r"(" + NUM + r")(?:[ \t]*[–-][ \t]*(" + NUM + r"))?")
MORE = re.compile(r"(?:[ \t]*,[ \t]*|[ \t]+and[ \t]+)§[ \t]*(" + NUM + r")"
                  r"(?:[ \t]*[–-][ \t]*(" + NUM + r"))?")
DOC_FILE = re.compile(r"(?<![\w/.-])((?:[\w.-]+/)*[A-Z][A-Z0-9_]*\.md)\b")
# Inside METHODS.md and FORMATS.md a bare "§4.2" (or "§4.2–4.4") refers to the same document.
BARE = re.compile(r"§[ \t]*(" + NUM + r")(?:[ \t]*[–-][ \t]*(" + NUM + r"))?")
HEADING = re.compile(r"^#{1,6}[ \t]+(" + NUM + r")\.?(?:[ \t]|$)")


def sections_of(path):
    found = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = HEADING.match(line)
            if m:
                found.add(m.group(1))
    return found


def scanned_files(root):
    for top in SCAN_DIRS:
        base = os.path.join(root, top)
        for dirpath, dirnames, filenames in os.walk(base):
            rel = os.path.relpath(dirpath, root)
            dirnames[:] = sorted(d for d in dirnames if os.path.join(rel, d) not in SKIP_DIRS
                                 and d not in SKIP_DIRS)
            for name in sorted(filenames):
                if os.path.splitext(name)[1] in TEXT_EXTENSIONS:
                    yield os.path.join(dirpath, name)


def all_names(root):
    names = set()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in {".git", "build", "node_modules"}]
        names.update(filenames)
    return names


def check(root):
    errors = []
    sections = {}
    for doc, rel in SECTIONED.items():
        path = os.path.join(root, rel)
        sections[doc] = sections_of(path) if os.path.isfile(path) else None
    names = all_names(root)

    def check_section(where, doc, number):
        have = sections[doc]
        if have is None:
            errors.append(f"{where}: {doc}.md §{number}: docs/{doc}.md does not exist")
        elif number not in have:
            errors.append(f"{where}: {doc}.md §{number}: no such section in docs/{doc}.md")

    for path in scanned_files(root):
        try:
            with open(path, encoding="utf-8") as f:
                lines = f.readlines()
        except (UnicodeDecodeError, OSError):
            continue
        rel = os.path.relpath(path, root)
        own = next((d for d, r in SECTIONED.items() if r == rel), None)
        for lineno, line in enumerate(lines, 1):
            where = f"{rel}:{lineno}"
            covered = []  # spans already read as references into a named document
            for m in FIRST.finditer(line):
                doc = m.group(1)
                for number in (m.group(4), m.group(5)):
                    if number:
                        check_section(where, doc, number)
                pos = m.end()
                while True:
                    more = MORE.match(line, pos)
                    if not more:
                        break
                    for number in (more.group(1), more.group(2)):
                        if number:
                            check_section(where, doc, number)
                    pos = more.end()
                covered.append((m.start(), pos))
            if own:
                for m in BARE.finditer(line):
                    if any(a <= m.start() < b for a, b in covered):
                        continue
                    for number in (m.group(1), m.group(2)):
                        if number:
                            check_section(where, own, number)
            for m in DOC_FILE.finditer(line):
                ref = m.group(1)
                if "/" in ref:
                    if not (os.path.isfile(os.path.join(root, ref)) or
                            os.path.isfile(os.path.join(os.path.dirname(path), ref))):
                        errors.append(f"{where}: {ref} does not exist")
                elif ref not in names:
                    errors.append(f"{where}: {ref} does not exist in the tree")
    return errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=".", help="repository root (default: .)")
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    errors = check(root)
    for e in errors:
        print(e)
    if errors:
        print(f"{len(errors)} broken documentation reference(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
