#!/usr/bin/env bash
# Fault drill: stop the Kafka broker process for a while in the middle of a replay, start it
# again, and check that the job recovers with its output exactly the known answers.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

outage=30
rate=2000
days=7

usage() {
  cat <<'USAGE'
Usage: deploy/drills/broker-restart.sh --results FILE [options]

Starts the standalone cluster on the drills' ports, submits corridor-analytics, replays
pingxiang-overload and baseline at --rate records a second with known answers. Mid-run it stops
the Kafka broker process (SIGTERM, a clean shutdown) for --outage seconds and starts it again;
the replay's producer waits (its delivery timeout is 2 min) and the job's sources and sinks
retry or fail over. Records the time from the broker's start to output flowing again (a new
committed utilisation reading), then verifies every output topic against the known answers.

Options:
  --outage SECONDS          how long the broker stays down. Default: 30.
  --rate N                  replay records a second. Default: 2000.
  --days N                  days of the scenarios. Default: 7.
USAGE
  common_usage
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --outage) outage="${2:?--outage needs seconds}"; shift 2 ;;
    --rate) rate="${2:?--rate needs a number}"; shift 2 ;;
    --days) days="${2:?--days needs a number}"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) common_option "$@" || die "unknown option '$1' (see --help)"; shift "$shift_by" ;;
  esac
done
[[ $outage =~ ^[0-9]+$ ]] || die "--outage must be a number of seconds"
[[ $rate =~ ^[1-9][0-9]*$ ]] || die "--rate must be a positive number"
[[ $days =~ ^[1-9][0-9]*$ ]] || die "--days must be a positive number"
check_common

drill_start
drill_submit
drill_replay_start pingxiang-overload baseline --days "$days" --rate "$rate" --duplicates 0.01 --malformed 0.01
sleep "$((10 + RANDOM % 10))" # mid-run: well into the replay, at a random point of a checkpoint
kill -0 "$replay_pid" 2>/dev/null || die "the replay ended before the outage; raise --days or lower --rate"

restarts="$(job_restarts)"
"$root/deploy/local/kafka-broker.sh" stop --data "$cluster/kafka" >&2
stopped_at="$(now_ms)"
say "broker stopped; down for $outage s"
sleep "$outage" # the outage itself: nothing is being waited for
"$root/deploy/local/kafka-broker.sh" start --port "$kafka_port" --controller-port "$kafka_controller_port" \
  --data "$cluster/kafka" >&2
started_at="$(now_ms)"
output_watch_start
output_watch_fault "$started_at"
output_watch_wait
to_flowing="$(seconds_between "$started_at" "$flowing_at")"
say "output flowing $to_flowing s after the broker came back ($(seconds_between "$stopped_at" "$flowing_at") s after it stopped)"

drill_replay_wait
drill_verify
state="$(job_state "$job")"
verdict=PASS
[[ $verify_ok == yes ]] || verdict=FAIL
[[ $state == RUNNING ]] || verdict=FAIL
notes="broker down ${outage}s; output flowing ${to_flowing}s after its restart; numRestarts during the drill $(($(job_restarts) - restarts)), failures in the exception history $(job_failures); job $state."
write_results 1 "$verify_lost" "$verify_duplicated" "$to_flowing" "$verdict" "$notes"
