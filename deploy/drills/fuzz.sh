#!/usr/bin/env bash
# Fault drill: hostile input on every input topic during a clean replay. The job must not restart
# once, every hostile record must be dead-lettered with the reason the job's codec gives it, and
# the clean replay's figures must be unchanged.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

records=100000
seed=20190701
days=7

usage() {
  cat <<'USAGE'
Usage: deploy/drills/fuzz.sh --results FILE [options]

Starts the standalone cluster on the drills' ports, submits corridor-analytics, starts a clean
replay of pingxiang-overload with known answers and, once clean records are on the input
topics, sends --records hostile records (HostileInput) spread over the crossings, shipments and
control topics. HostileInput first shows Kafka refusing a record above the default size limits
(producer max.request.size, topic max.message.bytes), then raises the input topics'
max.message.bytes to 16 MiB so its 10 MiB fields reach the job. The verifier then checks every
output topic: the clean figures equal the known answers, and the dead letters number exactly
the replay's plus what HostileInput injected, per reason. PASS also needs numRestarts = 0.

Options:
  --records N               hostile records. Default: 100000.
  --seed N                  the fuzz's seed. Default: 20190701.
  --days N                  days of the clean replay. Default: 7.
USAGE
  common_usage
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --records) records="${2:?--records needs a number}"; shift 2 ;;
    --seed) seed="${2:?--seed needs a number}"; shift 2 ;;
    --days) days="${2:?--days needs a number}"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) common_option "$@" || die "unknown option '$1' (see --help)"; shift "$shift_by" ;;
  esac
done
[[ $records =~ ^[1-9][0-9]*$ ]] || die "--records must be a positive number"
[[ $seed =~ ^[0-9]+$ ]] || die "--seed must be a number"
[[ $days =~ ^[1-9][0-9]*$ ]] || die "--days must be a positive number"
check_common

drill_start
drill_submit
# paced, so the hostile records land in the middle of the clean ones, not after them
drill_replay_start pingxiang-overload --days "$days" --rate 1000
java_tool org.corridorwatch.drills.HostileInput --bootstrap-servers "$bootstrap" --records "$records" \
  --seed "$seed" --report "$work/injected.json" >&2 || die "the hostile input failed"
drill_replay_wait
drill_verify --injected-dead-letters "$work/injected.json"

restarts="$(job_restarts)"
failures="$(job_failures)"
state="$(job_state "$job")"
verdict=PASS
notes="$records hostile records (seed $seed); numRestarts $restarts; failures in the exception history $failures; job $state."
[[ $verify_ok == yes ]] || verdict=FAIL
[[ $restarts == 0 && $failures == 0 ]] || { verdict=FAIL; notes+=" The job restarted: see the exceptions below."; }
[[ $state == RUNNING ]] || verdict=FAIL
if [[ $verdict == FAIL ]]; then
  # the first line of each of the job's exceptions, for the report (none is not an error here)
  exceptions="$(rest_get "/jobs/$job/exceptions" 2>/dev/null || true)"
  notes+=" $(grep -o '"exceptionName":"[^"]*"' <<<"$exceptions" | sort | uniq -c | tr '\n' ' ' || true)"
  cp "$work/injected.json" "$work/verify.json" "$(dirname "$results")/" 2>/dev/null || true
fi
write_results 1 "$verify_lost" "$verify_duplicated" "" "$verdict" "$notes" "$verify_rewritten"
