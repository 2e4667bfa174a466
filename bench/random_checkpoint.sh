# Sourced by bench/hash.sh and bench/stream.sh: sets BUILD, HERE, DIR, GIB, THREADS and FILE, and
# writes FILE (GIB GiB of random BF16 safetensors) once. Env: HASH_BENCH_GIB (4), THREADS (nproc),
# LINEAGE_BENCH_DIR (/tmp/lineage-bench); LINEAGE_BENCH_KEEP=1 keeps FILE for the next run.
BUILD=${1:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
DIR=${LINEAGE_BENCH_DIR:-/tmp/lineage-bench}
GIB=${HASH_BENCH_GIB:-4}
THREADS=${THREADS:-$(nproc)}
FILE=$DIR/random-${GIB}g/model.safetensors
mkdir -p "$(dirname "$FILE")"
if [ ! -f "$FILE" ]; then
  echo "writing $GIB GiB of random BF16 to $FILE (once)"
  python3 "$HERE/make_checkpoint.py" random "$FILE" "$GIB"
fi
cleanup_random_checkpoint() {
  if [ "${LINEAGE_BENCH_KEEP:-0}" != 1 ]; then rm -rf "$DIR/random-${GIB}g"; fi
}
