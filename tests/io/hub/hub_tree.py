"""Builds a hub-like static tree from the shipped example models (examples/models/*).

The tree mirrors what the Hugging Face hub serves, as huggingface_hub reads it:
  hub/api/models/<org>/<name>/revision/<rev>   the revision JSON (sha, siblings with sizes and lfs)
  hub/blobs/<sha256>                            small (non-LFS) files, served by the hub itself
  cdn/lfs/<sha256>                              LFS files (weights), served by the "CDN" block

Each repository gets a deterministic 40-hex commit, the branch `main` and the tag `v1.0`. Weight
files (*.safetensors, *.gguf, *.bin) are LFS files: the hub answers their `resolve` URL with a 302
to the CDN and the headers X-Repo-Commit, X-Linked-Etag ("<sha256>") and X-Linked-Size; small files
are answered 200 by the hub itself with X-Repo-Commit and ETag ("<git blob sha1>"), as the real hub
does. Besides the examples: a gated copy of base, a copy whose CDN ignores Range, base in two
shards with an index, a file list without weights, and base with a truncated weight file (see
README.md). Python 3 standard library only.
"""

import hashlib
import json
import os
import shutil
import struct
from dataclasses import dataclass, field

LFS_SUFFIXES = (".safetensors", ".gguf", ".bin", ".pt", ".pth")
BRANCH = "main"
TAG = "v1.0"
# The hub answers `model_info` with these keys (a subset: what a client may read).
LAST_MODIFIED = "2026-01-01T00:00:00.000Z"


@dataclass
class HubFile:
    name: str  # rfilename, relative to the repository root
    size: int
    sha256: str
    git_sha1: str  # the blob id: git's sha1 of the file, or of its LFS pointer
    lfs: bool
    source: str  # the local file the bytes come from (a blob of the tree once built)


@dataclass
class HubRepo:
    repo_id: str  # "org/name"
    files: dict = field(default_factory=dict)  # rfilename -> HubFile
    commit: str = ""
    gated: bool = False
    cdn_prefix: str = "/lfs"  # where the CDN serves this repository's LFS blobs
    local_dir: str = ""  # the example folder it was built from ("" when synthesised)

    def revisions(self):
        return [self.commit, BRANCH, TAG]


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def git_blob_sha1(data):
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def lfs_pointer(sha256, size):
    return ("version https://git-lfs.github.com/spec/v1\noid sha256:%s\nsize %d\n" % (sha256, size)).encode()


def describe_file(name, path):
    size = os.path.getsize(path)
    sha = sha256_file(path)
    lfs = name.endswith(LFS_SUFFIXES)
    if lfs:
        blob_id = git_blob_sha1(lfs_pointer(sha, size))
    else:
        with open(path, "rb") as f:
            blob_id = git_blob_sha1(f.read())
    return HubFile(name=name, size=size, sha256=sha, git_sha1=blob_id, lfs=lfs, source=path)


def deterministic_commit(repo_id, files, salt=""):
    h = hashlib.sha1(("lineage-test-hub\0%s\0%s" % (repo_id, salt)).encode())
    for name in sorted(files):
        h.update(("%s:%s\n" % (name, files[name].sha256)).encode())
    return h.hexdigest()


def repo_from_dir(repo_id, folder, keep=None, salt=""):
    """A repository holding the regular files of `folder` (those `keep` accepts, when given)."""
    repo = HubRepo(repo_id=repo_id, local_dir=folder)
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if os.path.isfile(path) and (keep is None or keep(name)):
            repo.files[name] = describe_file(name, path)
    repo.commit = deterministic_commit(repo_id, repo.files, salt)
    return repo


def revision_json(repo, revision):
    """The body of GET /api/models/<repo>/revision/<revision>?blobs=true."""
    siblings = []
    for f in repo.files.values():
        s = {"rfilename": f.name, "blobId": f.git_sha1, "size": f.size}
        if f.lfs:
            s["lfs"] = {"sha256": f.sha256, "size": f.size, "pointerSize": len(lfs_pointer(f.sha256, f.size))}
        siblings.append(s)
    return {
        "_id": hashlib.sha1(repo.repo_id.encode()).hexdigest()[:24],
        "id": repo.repo_id,
        "modelId": repo.repo_id,
        "author": repo.repo_id.split("/")[0],
        "sha": repo.commit,
        "lastModified": LAST_MODIFIED,
        "private": False,
        "gated": "manual" if repo.gated else False,
        "disabled": False,
        "library_name": "transformers",
        "tags": ["safetensors", "llama", "lineage-test"],
        "siblings": siblings,
        "usedStorage": sum(f.size for f in repo.files.values()),
        "requested_revision": revision,
    }


@dataclass
class HubTree:
    root: str
    repos: dict  # repo_id -> HubRepo
    token: str  # the one token the gated repositories accept (throwaway, per tree)

    def repo(self, repo_id):
        return self.repos[repo_id]


def example_repos(examples_dir):
    """The repositories the harness serves statically (org `examples`), from examples/models."""
    models = os.path.join(examples_dir, "models")
    repos = {}
    for name in ("base", "ft-sft", "indep-s1", "perm", "base-gguf-f32"):
        repos["examples/" + name] = repo_from_dir("examples/" + name, os.path.join(models, name))
    base = os.path.join(models, "base")
    gated = repo_from_dir("examples/gated-base", base)
    gated.gated = True
    repos[gated.repo_id] = gated
    norange = repo_from_dir("examples/norange-base", base)
    norange.cdn_prefix = "/norange/lfs"  # a CDN location that ignores Range (max_ranges 0)
    repos[norange.repo_id] = norange
    # Configs and tokenizer only: a file list without weight files.
    repos["examples/no-weights"] = repo_from_dir("examples/no-weights", base, keep=lambda n: n.endswith(".json"))
    return repos


def write_overclaim(repos, scratch):
    """examples/overclaim-base: base whose model.safetensors lost its tail, so the header claims
    more bytes than the file has (sizes and sha256 on the hub describe the short file honestly)."""
    src = repos["examples/base"].files["model.safetensors"].source
    folder = os.path.join(scratch, "overclaim-base")
    os.makedirs(folder, exist_ok=True)
    for f in repos["examples/base"].files.values():
        shutil.copyfile(f.source, os.path.join(folder, f.name))
    size = os.path.getsize(src)
    with open(os.path.join(folder, "model.safetensors"), "r+b") as f:
        f.truncate(size - 49152)
    repos["examples/overclaim-base"] = repo_from_dir("examples/overclaim-base", folder)


def read_safetensors(path):
    """(header dict, the data buffer) of a safetensors file."""
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        return header, f.read()


def write_safetensors(path, tensors, metadata):
    """tensors: [(name, dtype, shape, bytes)] in order; the header padded to 8 bytes with spaces."""
    header, offset = {}, 0
    if metadata is not None:
        header["__metadata__"] = metadata
    for name, dtype, shape, data in tensors:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)) + raw)
        for t in tensors:
            f.write(t[3])


def write_sharded(repos, scratch):
    """examples/base-sharded: base's tensors in two shards and a model.safetensors.index.json, as
    most hub checkpoints are (the local copy is the repository's local_dir)."""
    base = repos["examples/base"]
    folder = os.path.join(scratch, "base-sharded")
    os.makedirs(folder, exist_ok=True)
    header, data = read_safetensors(base.files["model.safetensors"].source)
    metadata = header.pop("__metadata__", None)
    names = sorted(header, key=lambda k: header[k]["data_offsets"][0])
    tensors = [(k, header[k]["dtype"], header[k]["shape"], data[slice(*header[k]["data_offsets"])]) for k in names]
    half = len(tensors) // 2
    shards = [tensors[:half], tensors[half:]]
    weight_map = {}
    for i, part in enumerate(shards):
        shard = "model-%05d-of-%05d.safetensors" % (i + 1, len(shards))
        write_safetensors(os.path.join(folder, shard), part, metadata)
        weight_map.update({t[0]: shard for t in part})
    index = {"metadata": {"total_size": sum(len(t[3]) for t in tensors)}, "weight_map": weight_map}
    with open(os.path.join(folder, "model.safetensors.index.json"), "w") as f:
        json.dump(index, f, indent=2)
    for f in base.files.values():
        if not f.lfs:
            shutil.copyfile(f.source, os.path.join(folder, f.name))
    repos["examples/base-sharded"] = repo_from_dir("examples/base-sharded", folder)


def build_tree(root, examples_dir, token):
    """Writes the static tree under `root` and returns a HubTree whose files' `source` is their blob
    in the tree (the fault server reads its bytes from the same blobs)."""
    repos = example_repos(examples_dir)
    write_overclaim(repos, os.path.join(root, "src"))
    write_sharded(repos, os.path.join(root, "src"))
    hub, cdn = os.path.join(root, "hub"), os.path.join(root, "cdn", "lfs")
    os.makedirs(os.path.join(hub, "blobs"), exist_ok=True)
    os.makedirs(cdn, exist_ok=True)
    for repo in repos.values():
        for f in repo.files.values():
            dest = os.path.join(cdn if f.lfs else os.path.join(hub, "blobs"), f.sha256)
            if not os.path.exists(dest):
                shutil.copyfile(f.source, dest)
            f.source = dest
        api = os.path.join(hub, "api", "models", repo.repo_id, "revision")
        os.makedirs(api, exist_ok=True)
        for rev in repo.revisions():
            with open(os.path.join(api, rev), "w") as out:
                json.dump(revision_json(repo, rev), out, indent=1)
    return HubTree(root=root, repos=repos, token=token)
