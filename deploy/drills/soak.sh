#!/usr/bin/env bash
# Fault drill: a long run at a steady rate, to see that heap, checkpoint size and lag stay flat.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

minutes=30
rate=10000
plot=""

usage() {
  cat <<'USAGE'
Usage: deploy/drills/soak.sh --results FILE [options]

Starts the standalone cluster on the drills' ports, submits corridor-analytics with checkpoints
every 10 s (the job's default), and replays the baseline scenario, paced at --rate records a
second (the generators' paced replay), for --minutes. Every 10 s SoakSampler records the
TaskManagers' heap in use (REST Status.JVM.Memory.Heap.Used; its lower envelope is the heap
after GC), the last checkpoint's size (REST /jobs/<id>/checkpoints) and the input lag (records
past the offsets the job committed with its last checkpoint) into a CSV beside --results, and
renders it as a PNG (--plot).

PASS: the job never restarted, and in the last third of the run the after-GC heap (the lowest
sample), the checkpoint size and the lag are each at most 1.5 times their level in the first
third, plus a small allowance for noise (16 MiB heap, 1 MiB checkpoint, one second of input).
The figures themselves are not compared with known answers: at 10K/s for 30 min the answers
would not fit in the verifier's memory.

Options:
  --minutes N               Default: 30.
  --rate N                  records a second. Default: 10000.
  --plot FILE               the PNG. Default: soak.png beside --results.
USAGE
  common_usage
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --minutes) minutes="${2:?--minutes needs a number}"; shift 2 ;;
    --rate) rate="${2:?--rate needs a number}"; shift 2 ;;
    --plot) plot="${2:?--plot needs a file}"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) common_option "$@" || die "unknown option '$1' (see --help)"; shift "$shift_by" ;;
  esac
done
[[ $minutes =~ ^[1-9][0-9]*$ ]] || die "--minutes must be a positive number"
[[ $rate =~ ^[1-9][0-9]*$ ]] || die "--rate must be a positive number"
check_common
[[ -n $plot ]] || plot="$(dirname "$results")/soak.png"
csv="${plot%.png}.csv"

drill_start
job="$("$standalone/submit" --data "$cluster" --parallelism 2 -- --partitions 1)"
# enough baseline days to last the whole run at this rate (about 27,700 records a day), plus 10 %
days=$((minutes * 60 * rate / 27000 + 2))
java_tool_bg org.corridorwatch.generators.ReplayCommand baseline --days "$days" --rate "$rate" \
  --bootstrap-servers "$bootstrap" --partitions 1 --no-progress >"$work/replay.log" 2>&1
replay_pid=$!
background_pids+=("$replay_pid")
java_tool org.corridorwatch.drills.SoakSampler --rest "http://127.0.0.1:$rest_port" --job "$job" \
  --bootstrap-servers "$bootstrap" --duration "${minutes}m" --every 10s --csv "$csv" --png "$plot" >&2 ||
  die "the sampler failed"
kill -0 "$replay_pid" 2>/dev/null || die "the replay ended before the soak did; see $work/replay.log"
sent="$(grep -c . "$csv")"

# first and last thirds: min heap (after GC), mean checkpoint size, mean lag
read -r heap1 heap3 cp1 cp3 lag1 lag3 < <(awk -F, 'NR > 1 { n++; s[n]=$1; h[n]=$2; c[n]=$3; l[n]=$4 }
  END {
    t = int(n / 3); if (t < 1) t = 1
    h1 = 1e18; h3 = 1e18
    for (i = 1; i <= t; i++) { if (h[i] < h1) h1 = h[i]; c1 += c[i]; l1 += l[i] }
    for (i = n - t + 1; i <= n; i++) { if (h[i] < h3) h3 = h[i]; c3 += c[i]; l3 += l[i] }
    printf "%d %d %d %d %d %d\n", h1, h3, c1 / t, c3 / t, l1 / t, l3 / t
  }' "$csv")
restarts="$(job_restarts)"
verdict=PASS
notes="$minutes min at $rate records/s; heap after GC $((heap1 >> 20)) -> $((heap3 >> 20)) MiB, checkpoint $((cp1 >> 10)) -> $((cp3 >> 10)) KiB, input lag $lag1 -> $lag3 records (first -> last third); numRestarts $restarts."
((heap3 <= heap1 * 3 / 2 + (16 << 20))) || { verdict=FAIL; notes+=" Heap grew."; }
((cp3 <= cp1 * 3 / 2 + (1 << 20))) || { verdict=FAIL; notes+=" Checkpoints grew."; }
((lag3 <= lag1 * 3 / 2 + rate)) || { verdict=FAIL; notes+=" Lag grew: the job does not keep up."; }
[[ $restarts == 0 ]] || { verdict=FAIL; notes+=" The job restarted."; }
say "$((sent - 1)) samples in $csv, plot $plot"
write_results 1 null null "" "$verdict" "$notes"
