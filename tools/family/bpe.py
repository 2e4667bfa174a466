"""Encoder and decoder for the examples' shipped tokenizer (examples/models/base/tokenizer.json).

That tokenizer is an HF `tokenizers` BPE model with byte fallback and a SentencePiece-style
normalizer (prepend U+2581, replace ' ' by U+2581) and no pre-tokenizer. This module reproduces
its encoding with the standard library only:

- BPE applies the lowest-ranked merge among adjacent pieces until none applies; a merge's result
  is always in the vocabulary.
- A character that is not a vocabulary piece becomes the <0xNN> tokens of its UTF-8 bytes. HF
  splits such a character into byte symbols before merging; keeping it whole until the end is the
  same because no merge involves a byte token (checked in `Tokenizer.__init__`).
- No piece holds U+2581 except at its start, so no merge can join across the start of a
  U+2581-led run; the text is therefore split before every U+2581 and each word is encoded alone.
  `Tokenizer.__init__` checks that property of the vocabulary and refuses a vocabulary without it.
"""
import json

SPACE = "\u2581"


class Tokenizer:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
        m = d["model"]
        if m["type"] != "BPE" or not m.get("byte_fallback"):
            raise ValueError("expected a byte-fallback BPE model")
        self.vocab = dict(m["vocab"])
        self.inv = {i: p for p, i in self.vocab.items()}
        for p in self.vocab:
            if SPACE in p[1:]:
                raise ValueError("a piece holds U+2581 inside: word splitting would not be exact")
        self.ranks = {}
        for r, mg in enumerate(m["merges"]):
            a, b = mg.split(" ", 1) if isinstance(mg, str) else mg
            if a.startswith("<0x") or b.startswith("<0x"):
                raise ValueError("a merge involves a byte token: byte fallback order would matter")
            self.ranks[(a, b)] = r
        self.byte_ids = [self.vocab["<0x%02X>" % b] for b in range(256)]
        self.bos = self.vocab["<s>"]
        self.eos = self.vocab["</s>"]
        self.cache = {}

    def _word(self, w):
        hit = self.cache.get(w)
        if hit is not None:
            return hit
        pieces = list(w)
        while len(pieces) > 1:
            best, at = None, -1
            for i in range(len(pieces) - 1):
                r = self.ranks.get((pieces[i], pieces[i + 1]))
                if r is not None and (best is None or r < best):
                    best, at = r, i
            if best is None:
                break
            pieces[at : at + 2] = [pieces[at] + pieces[at + 1]]
        ids = []
        for p in pieces:
            i = self.vocab.get(p)
            if i is not None:
                ids.append(i)
            else:
                ids.extend(self.byte_ids[b] for b in p.encode("utf-8"))
        if len(self.cache) < 200000:
            self.cache[w] = ids
        return ids

    def encode(self, text):
        """Token ids of `text` without BOS/EOS (the caller adds them)."""
        s = SPACE + text.replace(" ", SPACE)
        ids = []
        start = 0
        for i in range(1, len(s) + 1):
            if i == len(s) or s[i] == SPACE:
                ids.extend(self._word(s[start:i]))
                start = i
        return ids

    def decode(self, ids):
        """The decoder of tokenizer.json: U+2581 -> ' ', byte fallback, fuse, strip one space."""
        out = bytearray()
        for i in ids:
            p = self.inv[i]
            if len(p) == 6 and p.startswith("<0x") and p.endswith(">"):
                out.append(int(p[3:5], 16))
            elif p in ("<s>", "</s>", "<unk>"):
                continue
            else:
                out.extend(p.replace(SPACE, " ").encode("utf-8"))
        text = out.decode("utf-8", errors="replace")
        return text[1:] if text.startswith(" ") else text
