"""lineage from Python: the C++ library's analyses, results as dicts, tensors as numpy arrays.

    import lineage
    r = lineage.compare("examples/models/ft-sft", ["examples/models/base"])
    r["results"][0]["verdict"]          # "derived": the `lineage compare --json` document
    m = lineage.open("examples/models/base")
    m.tensor(m.tensor_names()[0])       # numpy, zero-copy where the stored bytes allow

Every function calls the code the CLI runs and returns the document its --json prints
(docs/JSON_SCHEMA.md): compare, weights, tokenizer, inspect, and the training checks trajectory,
init_check (`inspect --init-check`), logs and compute. Long calls release the GIL; Ctrl-C cancels
the work and raises KeyboardInterrupt once it has stopped. Errors are lineage.Error subclasses
with the CLI's messages. Options: threads, seed, lang ("en", "ko"), progress (None: silent; True:
the CLI's progress bar on stderr, when stderr is a terminal; a callable: called with a
ProgressEvent — stage, done, total, unit, bytes_read, finished — about ten times a second; an
exception it raises cancels the call and propagates), panels (extra calibration panels), catalogs
(compare: extra config catalogs).
"""

import os as _os

from . import _lineage
from ._lineage import (  # noqa: F401  (re-exported)
    AuthError,
    CancelledError,
    CorruptError,
    Error,
    InternalError,
    InvalidArgumentError,
    IoError,
    Model,
    NetworkError,
    NotFoundError,
    ProgressEvent,
    RefusedError,
    Tokenizer,
    UnsupportedError,
)

__all__ = [
    "compare", "weights", "tokenizer", "inspect", "trajectory", "init_check", "logs", "compute",
    "open", "table", "report_html", "CompareResult", "Model", "Tokenizer", "ProgressEvent",
    "Error", "AuthError", "CancelledError", "CorruptError", "InternalError",
    "InvalidArgumentError", "IoError", "NetworkError", "NotFoundError", "RefusedError",
    "UnsupportedError",
]


class CompareResult(dict):
    """The `lineage compare --json` document, which shows itself as the HTML report in a notebook."""

    def __init__(self, run):
        import json

        super().__init__(json.loads(run.json()))
        self._run = run

    def _repr_html_(self):
        return self._run.html()

    def __reduce__(self):  # a copy or a pickle is the plain document
        return (dict, (dict(self),))


def _paths(models):
    if isinstance(models, (str, bytes, _os.PathLike)):
        models = [models]
    return [_os.fspath(m) for m in models]


def compare(candidate, bases, **options):
    """All evidence of `candidate` against each base: `lineage compare CANDIDATE BASE... --json`."""
    return CompareResult(_lineage.compare(_os.fspath(candidate), _paths(bases), **options))


def weights(candidate, base, **options):
    """Weight lineage of one pair: `lineage weights CANDIDATE BASE --json`."""
    return _lineage.weights(_os.fspath(candidate), _os.fspath(base), **options)


def tokenizer(a, b, **options):
    """Tokenizer lineage of A relative to B: `lineage tokenizer A B --json`."""
    return _lineage.tokenizer(_os.fspath(a), _os.fspath(b), **options)


def inspect(model, **options):
    """What a checkpoint holds, from its headers: `lineage inspect MODEL --json`."""
    return _lineage.inspect(_os.fspath(model), **options)


def trajectory(checkpoints, **options):
    """One continuous run from random weights? `lineage trajectory CKPT... [--against BASE...]
    --json`; options: against (base models), threads, seed, lang, progress."""
    if "against" in options:
        options["against"] = _paths(options["against"])
    return _lineage.trajectory(_paths(checkpoints), **options)


def init_check(model, **options):
    """Random-init signature of each component: `lineage inspect --init-check MODEL --json`."""
    return _lineage.init_check(_os.fspath(model), **options)


def logs(files, **options):
    """Training-log evidence: `lineage logs FILE... --json`; options: vocab_size, claimed_tokens,
    tokens_per_step (numbers or text such as "19.7T"), lang."""
    return _lineage.logs(_paths(files), **options)


def compute(model=None, **options):
    """Could the claimed budget have trained this model? `lineage compute [MODEL] --json`;
    options: tokens (required), params, active, gpus, gpu, days, gpu_hours, mfu, price, lang."""
    return _lineage.compute("" if model is None else _os.fspath(model), **options)


def open(model):  # noqa: A001  (lineage.open, as the issue names it)
    """A Model: config, tokenizer, tensor names, tensors as numpy arrays (read on demand)."""
    return _lineage.open(_os.fspath(model))


def report_html(result):
    """The offline HTML report of a compare() result (what a notebook displays)."""
    return result._repr_html_()


def table(rows, columns=None):
    """A list of dicts (e.g. compare(...)["results"]) as aligned plain text, without pandas.

    Nested values are shown as compact JSON; `columns` picks and orders the keys."""
    import json

    rows = list(rows)
    if columns is None:
        columns = []
        for r in rows:
            columns += [k for k in r if k not in columns]

    def cell(v):
        return v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)

    cells = [[cell(r.get(c)) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)
