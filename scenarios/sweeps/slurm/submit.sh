#!/usr/bin/env bash
# Submits a landquota sweep to Slurm: an array of N shards (sweep.sbatch), then a merge job
# (merge.sbatch) that starts when every shard has ended.
#
#   submit.sh SWEEP.toml OUT_DIR N [--only LIST] [--resume] [-- SBATCH_OPTIONS...]
#
#   N           shards (array tasks); each runs about 1/N of the variants
#   --only 2,5  resubmit only these shards of the N-way split (after a failure), resuming them
#   --resume    shards keep the variants their journal already holds
#   SBATCH_OPTIONS go to the shards' sbatch, e.g. -- --partition=long --cpus-per-task=16
#
# Environment: LANDQUOTA (the binary; default: landquota on PATH), LANDQUOTA_ARGS (more sweep
# options for every shard, e.g. --no-explain), LANDQUOTA_MERGE_ARGS (for the merge, e.g.
# --lang zh). OUT_DIR must be on a file system every node sees.
# Prints the two job ids; logs go to OUT_DIR/slurm/.
set -euo pipefail
usage() {
    sed -n '5,14p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}
[ $# -ge 3 ] || usage
[ -f "$1" ] || { echo "error: no sweep file $1" >&2; exit 2; }
sweep=$(realpath "$1")
out=$(realpath -m "$2")
shards=$3
shift 3
[[ $shards =~ ^[1-9][0-9]*$ ]] || usage
only=""
resume=""
while [ $# -gt 0 ]; do
    case $1 in
    --only) only=${2:?}; resume=1; shift 2 ;;
    --resume) resume=1; shift ;;
    --) shift; break ;;
    *) usage ;;
    esac
done
here=$(cd "$(dirname "$0")" && pwd)
bin=${LANDQUOTA:-$(command -v landquota || true)}
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "error: set LANDQUOTA to the landquota binary (cargo build --release: target/release/landquota)" >&2
    exit 2
fi
mkdir -p "$out/slurm"
export LQ_BIN LQ_SWEEP LQ_OUT LQ_ARGS=${LANDQUOTA_ARGS:-} LQ_MERGE_ARGS=${LANDQUOTA_MERGE_ARGS:-}
LQ_BIN=$(realpath "$bin")
LQ_SWEEP=$sweep
LQ_OUT=$out
if [ -n "$only" ]; then
    export LQ_SHARDS=$shards
    array=$only
else
    unset LQ_SHARDS
    array=1-$shards
fi
if [ -n "$resume" ]; then export LQ_RESUME=1; else unset LQ_RESUME; fi
job=$(sbatch --parsable --array="$array" --output="$out/slurm/shard-%a.out" --export=ALL \
    "$@" "$here/sweep.sbatch")
job=${job%%;*}
merge=$(sbatch --parsable --dependency="afterany:$job" --output="$out/slurm/merge.out" \
    --export=ALL "$here/merge.sbatch")
merge=${merge%%;*}
echo "shards: job $job (array $array of $shards); merge: job $merge; logs in $out/slurm/"
echo "$job $merge" >"$out/slurm/jobs"
