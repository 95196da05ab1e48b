#!/usr/bin/env bash
# End-to-end test of scripts/slurm/ on a real Slurm, on this one machine (run as root).
#
# Installs Debian's slurmctld, slurmd, slurm-client and munge if missing, starts munged,
# slurmctld and slurmd with a generated slurm.conf (this host's name and core count, all state
# and logs in a temporary directory, ports of its own), submits scripts/slurm/submit.sh as a
# 4-task array plus the merge that depends on it, waits (timeout E2E_TIMEOUT seconds, default
# 600), and checks that the merged files are byte-identical (cmp) to one `tokenpack encode` of
# the same input. Stops the daemons it started and removes the directory on exit.
#
# Environment: TOKENPACK (binary to test; default: the debug build, built if needed),
# E2E_REPEAT (copies of the sample corpus in the big plain file; default 2), E2E_KEEP=1 keeps
# the temporary directory. Prints the wall time of the array + merge and of the one process.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
timeout=${E2E_TIMEOUT:-600}
repeat=${E2E_REPEAT:-2}

if [ -z "${TOKENPACK:-}" ]; then
    swift build --product tokenpack >/dev/null
    TOKENPACK=$root/.build/debug/tokenpack
fi
TOKENPACK=$(cd "$(dirname "$TOKENPACK")" && pwd)/$(basename "$TOKENPACK")
export TOKENPACK

missing=0
for c in munged slurmctld slurmd sbatch squeue scontrol; do
    command -v "$c" >/dev/null || missing=1
done
if [ $missing = 1 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends slurmctld slurmd slurm-client munge
fi
command -v zstd >/dev/null || { apt-get update && apt-get install -y zstd; }

work=$(mktemp -d /tmp/tokenpack-slurm-e2e.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
    status=$?
    # Only the daemons this script started, by their process ids, newest first.
    for ((k = ${#pids[@]} - 1; k >= 0; k--)); do
        kill "${pids[k]}" 2>/dev/null || true
    done
    for p in "${pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$p" 2>/dev/null || true
    done
    if [ "${E2E_KEEP:-0}" = 1 ] || [ $status != 0 ]; then
        echo "slurm-e2e: files kept in $work" >&2
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# munge: a key and a socket of our own, so a system munged (if any) is left alone.
mkdir -p "$work/munge" "$work/state" "$work/spool" "$work/logs"
chmod 755 "$work/munge"  # the socket must be reachable; the key itself is 0400
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge/munge.key"
socket=$work/munge/munge.socket
munged --foreground --force --key-file="$work/munge/munge.key" --socket="$socket" \
    --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" \
    --seed-file="$work/munge/munged.seed" &
pids+=($!)
for _ in $(seq 100); do [ -S "$socket" ] && break; sleep 0.1; done
[ -S "$socket" ] || { echo "slurm-e2e: munged did not start" >&2; cat "$work/munge/munged.log" >&2; exit 1; }

host=$(hostname -s)
cores=$(nproc)
port=$((20000 + RANDOM % 20000))
export SLURM_CONF=$work/slurm.conf
cat > "$SLURM_CONF" <<CONF
ClusterName=tokenpack-e2e
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/logs/slurmctld.log
SlurmdLogFile=$work/logs/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cores State=UNKNOWN
PartitionName=e2e Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -D -i -f "$SLURM_CONF" &
pids+=($!)
slurmd -D -f "$SLURM_CONF" &
pids+=($!)
ready=0
for _ in $(seq 120); do
    if sinfo -h -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'; then ready=1; break; fi
    sleep 0.5
done
if [ $ready = 0 ]; then
    echo "slurm-e2e: the node did not come up" >&2
    tail -20 "$work/logs/slurmctld.log" "$work/logs/slurmd.log" >&2 || true
    exit 1
fi
echo "slurm-e2e: Slurm $(sinfo -V | awk '{print $2}') up on $host ($cores cores)" >&2

# A mixed corpus: two zstd files, plain files, one plain file larger than the rest together,
# bad records and blank lines.
mkdir -p "$work/in"
zstd -dc samples/chat.jsonl.zst > "$work/in/b-plain.jsonl"
cp samples/chat.jsonl.zst "$work/in/a.jsonl.zst"
head -n 100 "$work/in/b-plain.jsonl" | zstd -q -o "$work/in/c.jsonl.zst"
{ head -n 50 "$work/in/b-plain.jsonl"; echo 'not json'; echo; echo '{"messages": 3}'; } > "$work/in/d.jsonl"
for _ in $(seq "$repeat"); do cat "$work/in/b-plain.jsonl" "$work/in/b-plain.jsonl"; done > "$work/in/e-big.jsonl"
echo '{"messages": [{"role": "user", "content": "cut' >> "$work/in/e-big.jsonl"
inputs=("$work/in/a.jsonl.zst" "$work/in/b-plain.jsonl" "$work/in/c.jsonl.zst" "$work/in/d.jsonl" "$work/in/e-big.jsonl")

cd "$work/logs"
start=$(date +%s%N)
ids=$(TOKENPACK_CPUS_PER_TASK=1 "$root/scripts/slurm/submit.sh" 4 "$work/shards" "$work/merged/corpus" "${inputs[@]}")
read -r array merge <<< "$ids"
deadline=$(($(date +%s) + timeout))
while squeue -h -j "$array,$merge" 2>/dev/null | grep -q .; do
    if [ "$(date +%s)" -gt "$deadline" ]; then
        echo "slurm-e2e: timed out after ${timeout}s" >&2
        squeue >&2 || true
        scancel "$array" "$merge" || true
        exit 1
    fi
    sleep 0.5
done
slurm_ms=$((($(date +%s%N) - start) / 1000000))
state=$(scontrol show job "$merge" | grep -o 'JobState=[A-Z_]*' | head -1)
cat slurm-*.out >&2 || true
if [ "$state" != "JobState=COMPLETED" ]; then
    echo "slurm-e2e: merge job $merge ended with $state" >&2
    exit 1
fi
cd "$root"

start=$(date +%s%N)
"$TOKENPACK" encode "${inputs[@]}" -o "$work/one/corpus" --quiet
one_ms=$((($(date +%s%N) - start) / 1000000))

for suffix in _input_ids_document.bin _input_ids_document.idx _labels_document.bin _labels_document.idx .rejects.jsonl; do
    cmp "$work/one/corpus$suffix" "$work/merged/corpus$suffix"
done
python3 - "$work/one/corpus.meta.json" "$work/merged/corpus.meta.json" <<'PY'
import json, sys
one, merged = (json.load(open(p)) for p in sys.argv[1:])
assert merged.pop("merged") == {"shards": 4}, "merged meta.json lacks {\"shards\": 4}"
assert one == merged, "meta.json differs beyond \"merged\""
PY
ls -l "$work/merged" >&2
printf 'slurm-e2e: ok: merged 4-task array output is byte-identical to one process\n' >&2
printf 'slurm-e2e: 4-task Slurm array + merge %d.%03d s (submit to merged), one process %d.%03d s, on %s cores\n' \
    $((slurm_ms / 1000)) $((slurm_ms % 1000)) $((one_ms / 1000)) $((one_ms % 1000)) "$cores" >&2
