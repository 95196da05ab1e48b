#!/usr/bin/env bash
# Submits a sharded Tokenpack encode to Slurm: an array of N encode tasks, then a merge that
# runs once all of them have succeeded (--dependency=afterok). Prints "ARRAY_JOB_ID MERGE_JOB_ID".
#
#   scripts/slurm/submit.sh N SHARD_DIR OUTPUT_PREFIX INPUT...
#
# SHARD_DIR, OUTPUT_PREFIX and the inputs must be on a file system every node sees, by the
# same paths. Environment: TOKENPACK (absolute path of the binary on the nodes),
# TOKENPACK_ENCODE_FLAGS (encode flags for every shard), TOKENPACK_SBATCH_ARGS (more sbatch
# options for both jobs, word-split: "--partition=cpu --account=me --time=4:00:00"),
# TOKENPACK_CPUS_PER_TASK (cores per encode task; default 8). Submitting the same command again
# after a failure redoes only the shards that are missing (--skip-completed).
set -euo pipefail
if [ $# -lt 4 ]; then
    echo "usage: $0 N SHARD_DIR OUTPUT_PREFIX INPUT..." >&2
    exit 2
fi
n=$1 shard_dir=$2 output=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$shard_dir"
# shellcheck disable=SC2086
array=$(sbatch --parsable --array="0-$((n - 1))" --cpus-per-task="${TOKENPACK_CPUS_PER_TASK:-8}" \
    --export="ALL,TOKENPACK_NUM_SHARDS=$n" ${TOKENPACK_SBATCH_ARGS:-} \
    "$here/encode-shard.sbatch" "$shard_dir" "$@")
array=${array%%;*}
# shellcheck disable=SC2086
merge=$(sbatch --parsable --dependency="afterok:$array" ${TOKENPACK_SBATCH_ARGS:-} \
    "$here/merge.sbatch" "$shard_dir" "$output")
merge=${merge%%;*}
echo "submitted encode array $array ($n tasks) and merge $merge (after all of them succeed)" >&2
echo "$array $merge"
