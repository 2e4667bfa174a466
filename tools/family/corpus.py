"""Corpus for the family: plain text from Debian documentation packages, Korean and English.

Sources (each a Debian package; versions are read from dpkg and recorded in the manifest):
- debian-faq-ko: /usr/share/doc/debian/FAQ/debian-faq.ko.txt.gz (Korean, plain text)
- gimp-help-ko: /usr/share/gimp/2.0/help/ko/*.html (Korean, HTML with tags stripped)
- debian-reference-en: /usr/share/debian-reference/debian-reference.en.txt.gz (English)
- manpages: the section-7 pages it ships, rendered by groff -man -Tutf8 (English)

Documents are paragraphs grouped to about 2,000 characters. Every 16th document goes to the
held-out split; the rest is the training split. Each document is encoded as <s> ids </s> with
bpe.Tokenizer and the splits are concatenated into uint16 arrays.
"""
import glob
import gzip
import html.parser
import re
import subprocess

import numpy as np

import bpe

HELD_OUT_EVERY = 16


class _Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head"):
            self.skip += 1
        if tag in ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "tr", "pre", "dt", "dd"):
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def _html_text(path):
    p = _Text()
    with open(path, encoding="utf-8", errors="replace") as f:
        p.feed(f.read())
    return "".join(p.parts)


def _gz_text(path):
    with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
        return f.read()


def _man_text(path):
    raw = subprocess.run(["groff", "-man", "-Tutf8", "-P", "-cbou"],
                         input=_gz_text(path).encode("utf-8"), capture_output=True,
                         check=True).stdout
    return raw.decode("utf-8", errors="replace")


def _paragraphs(text):
    for para in re.split(r"\n\s*\n", text):
        para = re.sub(r"[ \t\r\f\v]+", " ", para).strip()
        para = re.sub(r" ?\n ?", "\n", para)
        if len(para) >= 20:
            yield para


def _documents(texts, size=2000):
    doc = []
    n = 0
    for text in texts:
        for para in _paragraphs(text):
            doc.append(para)
            n += len(para)
            if n >= size:
                yield "\n".join(doc)
                doc, n = [], 0
    if doc:
        yield "\n".join(doc)


def _manpages():
    listed = subprocess.run(["dpkg", "-L", "manpages"], capture_output=True, text=True,
                            check=True).stdout.split("\n")
    return sorted(p for p in listed if re.search(r"/man7/[^/]+\.7\.gz$", p))


SOURCES = {
    "debian-faq-ko": lambda: [_gz_text("/usr/share/doc/debian/FAQ/debian-faq.ko.txt.gz")],
    "gimp-help-ko": lambda: [_html_text(p) for p in
                             sorted(glob.glob("/usr/share/gimp/2.0/help/ko/*.html"))],
    "debian-reference-en": lambda: [
        _gz_text("/usr/share/debian-reference/debian-reference.en.txt.gz")],
    "manpages": lambda: [_man_text(p) for p in _manpages()],
}


def package_version(pkg):
    return subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True,
                          text=True, check=True).stdout


def build(tokenizer_path, out_prefix, sources=None):
    """Writes out_prefix.train.u16 / .heldout.u16 (+ per-source token counts); returns stats."""
    tok = bpe.Tokenizer(tokenizer_path)
    train, held = [], []
    stats = {}
    k = 0
    for name in sources or SOURCES:
        n_tok = n_doc = 0
        first = len(train)
        for doc in _documents(SOURCES[name]()):
            ids = [tok.bos] + tok.encode(doc) + [tok.eos]
            if tok.decode(ids) != doc:
                raise RuntimeError("round trip failed on a %s document" % name)
            (held if k % HELD_OUT_EVERY == HELD_OUT_EVERY - 1 else train).extend(ids)
            k += 1
            n_tok += len(ids)
            n_doc += 1
        stats[name] = {"version": package_version(name), "documents": n_doc, "tokens": n_tok,
                       "train_range": [first, len(train)]}
    np.asarray(train, dtype=np.uint16).tofile(out_prefix + ".train.u16")
    np.asarray(held, dtype=np.uint16).tofile(out_prefix + ".heldout.u16")
    stats["train_tokens"] = len(train)
    stats["heldout_tokens"] = len(held)
    return stats
