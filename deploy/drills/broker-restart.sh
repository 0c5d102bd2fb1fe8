#!/usr/bin/env bash
# Fault drill: stop the Kafka broker process for a while in the middle of a replay, start it
# again, and check that the job recovers with its output exactly the known answers.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

outage=30
rate=2000
days=7
# Seconds allowed, beyond the outage, for the broker to come back and the job to recover and
# commit: the sinks' transactions and the replay's wait must outlast outage + this.
recovery_margin=300
transaction_timeout=""

usage() {
  cat <<'USAGE'
Usage: deploy/drills/broker-restart.sh --results FILE [options]

Starts the standalone cluster on the drills' ports, submits corridor-analytics, replays
pingxiang-overload and baseline at --rate records a second with known answers. Mid-run it stops
the Kafka broker process (SIGTERM, a clean shutdown) for --outage seconds and starts it again;
the replay's producer waits for it (--broker-wait, set to the outage plus 5 min, at least 15 min)
and the job's sources and sinks retry or fail over. Records the time from the broker's start to
output flowing again (a new committed utilisation reading), then verifies every output topic
against the known answers.

Long outages keep exactly-once: the job's sinks get a --transaction-timeout of the outage plus
5 min (at least 10 min), so the broker cannot abort, on its return, a transaction whose
checkpoint Flink already completed; the drill's broker gets a transaction.max.timeout.ms of
30 min, or the transaction timeout when that is longer.

Options:
  --outage SECONDS          how long the broker stays down. Default: 30.
  --partitions N            partitions of the topics (input and output) the job creates; the
                            replay sends by key, as the contract says. Default: 1.
  --transaction-timeout SECONDS
                            the job's --transaction-timeout. Default: the outage + 300, at
                            least 600.
  --rate N                  replay records a second. Default: 2000.
  --days N                  days of the scenarios. Default: 7.
USAGE
  common_usage
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --outage) outage="${2:?--outage needs seconds}"; shift 2 ;;
    --partitions) partitions="${2:?--partitions needs a number}"; shift 2 ;;
    --transaction-timeout) transaction_timeout="${2:?--transaction-timeout needs seconds}"; shift 2 ;;
    --rate) rate="${2:?--rate needs a number}"; shift 2 ;;
    --days) days="${2:?--days needs a number}"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) common_option "$@" || die "unknown option '$1' (see --help)"; shift "$shift_by" ;;
  esac
done
[[ $outage =~ ^[0-9]+$ ]] || die "--outage must be a number of seconds"
[[ $partitions =~ ^[1-9][0-9]*$ ]] || die "--partitions must be a positive number"
if [[ -z $transaction_timeout ]]; then
  transaction_timeout=$((outage + recovery_margin))
  ((transaction_timeout >= 600)) || transaction_timeout=600
fi
[[ $transaction_timeout =~ ^[1-9][0-9]*$ ]] || die "--transaction-timeout must be a positive number of seconds"
((transaction_timeout > outage)) ||
  die "--transaction-timeout ($transaction_timeout s) must exceed --outage ($outage s) plus recovery, or the broker aborts transactions Flink has checkpointed"
# the broker refuses a producer whose transaction timeout is above its maximum
((broker_transaction_max_ms >= transaction_timeout * 1000)) || broker_transaction_max_ms=$((transaction_timeout * 1000))
broker_wait=$((outage + recovery_margin))
((broker_wait >= 900)) || broker_wait=900
[[ $rate =~ ^[1-9][0-9]*$ ]] || die "--rate must be a positive number"
[[ $days =~ ^[1-9][0-9]*$ ]] || die "--days must be a positive number"
check_common

drill_start
drill_submit --transaction-timeout "${transaction_timeout}s"
drill_replay_start pingxiang-overload baseline --days "$days" --rate "$rate" --duplicates 0.01 --malformed 0.01 \
  --broker-wait "${broker_wait}s"
sleep "$((10 + RANDOM % 10))" # mid-run: well into the replay, at a random point of a checkpoint
kill -0 "$replay_pid" 2>/dev/null || die "the replay ended before the outage; raise --days or lower --rate"

restarts="$(job_restarts)"
"$root/deploy/local/kafka-broker.sh" stop --data "$cluster/kafka" >&2
stopped_at="$(now_ms)"
say "broker stopped; down for $outage s"
sleep "$outage" # the outage itself: nothing is being waited for
drill_broker_start # with the same transaction.max.timeout.ms as at drill_start
started_at="$(now_ms)"
output_watch_start
output_watch_fault "$started_at"
output_watch_wait
to_flowing="$(seconds_between "$started_at" "$flowing_at")"
say "output flowing $to_flowing s after the broker came back ($(seconds_between "$stopped_at" "$flowing_at") s after it stopped)"

drill_replay_verify
notes="broker down ${outage}s; $partitions partition(s) per topic; sinks' transaction timeout ${transaction_timeout}s (broker max $((broker_transaction_max_ms / 1000))s), replay --broker-wait ${broker_wait}s; output flowing ${to_flowing}s after its restart; numRestarts during the drill $(($(job_restarts) - restarts)), failures in the exception history $(job_failures) ($(job_failures_saved)); job $state."
write_results 1 "$verify_lost" "$verify_duplicated" "$to_flowing" "$verdict" "$notes" "$verify_rewritten"
