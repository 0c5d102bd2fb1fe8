#!/usr/bin/env bash
# Fault drill: a long run at a steady rate, judged flat or growing on four series: the live heap of
# every TaskManager, the checkpoint size, the input lag and the end-to-end latency of readings.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

minutes=60
rate=10000
plot=""

usage() {
  cat <<'USAGE'
Usage: deploy/drills/soak.sh --results FILE [options]

Starts the standalone cluster on the drills' ports, submits corridor-analytics with checkpoints
every 10 s (the job's default), and replays the baseline scenario, paced at --rate records a
second (the generators' paced replay), for --minutes. SoakSampler then writes, every 10 s, a CSV
row beside --results (the PNG's name with .csv) with:
  - each TaskManager's heap after a full collection: every 5 minutes the sampler makes each
    TaskManager collect fully (jcmd <pid> GC.run) and reads the heap left, its live set, from
    the TaskManager's GC log (<data>/log/taskmanager-N-gc.log);
  - the last completed checkpoint's size (REST /jobs/<id>/checkpoints);
  - the input lag: records past the offsets the job committed with its last checkpoint;
  - the p99 end-to-end latency of the utilisation readings that became readable in those 10 s:
    from the crossing that let the job decide a reading being produced, to the reading being
    readable with read_committed (the job's watermark rebuilt from the crossings topic);
and renders the four series as a PNG (--plot).

PASS: the job never restarted, and each series is flat: its least-squares slope over the last two
thirds of the run (minutes 20-60 of 60), times that span, is within twice the standard deviation
of its samples in the first third (minutes 0-20), that noise floored at 1 % of their mean. The
figures themselves are not compared with known answers: at 10K/s for an hour the answers would
not fit in the verifier's memory.

Options:
  --minutes N               Default: 60.
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
tm_args=()
for f in "$(pid_dir)"/taskmanager-*.pid; do
  name="$(basename "$f" .pid)"
  tm_args+=(--taskmanager "$name=$(cat "$f")" --gc-log "$name=$cluster/log/$name-gc.log")
done
java_tool org.corridorwatch.drills.SoakSampler --rest "http://127.0.0.1:$rest_port" --job "$job" \
  --bootstrap-servers "$bootstrap" --duration "${minutes}m" --every 10s --csv "$csv" --png "$plot" \
  --verdict "$work/verdict.txt" "${tm_args[@]}" >&2 ||
  die "the sampler failed"
kill -0 "$replay_pid" 2>/dev/null || die "the replay ended before the soak did; see $work/replay.log"
samples="$(($(grep -c . "$csv") - 1))"
cat "$work/verdict.txt" >&2
restarts="$(job_restarts)"
verdict="$(head -n 1 "$work/verdict.txt")"
notes="$minutes min at $rate records/s, $samples samples; $(tail -n +2 "$work/verdict.txt" | tr '\n' ';' | sed 's/;$/./; s/;/; /g') numRestarts $restarts."
[[ $restarts == 0 ]] || { verdict=FAIL; notes+=" The job restarted."; }
say "$samples samples in $csv, plot $plot"
write_results 1 null null "" "$verdict" "$notes"
