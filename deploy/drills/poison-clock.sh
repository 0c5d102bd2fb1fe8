#!/usr/bin/env bash
# Fault drill, poison clock: on the real standalone cluster, a 2019 replay with two
# records from bad clocks in the middle: one stamped 2099 (beyond the wall clock: the contract's
# future guard makes it INVALID_VALUE) and, later, one stamped a year before today (years ahead
# of the stream but behind the wall clock: valid). Neither may move the watermark: no record may
# become LATE, and the committed readings must equal the known answers of the replay.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

days=3

usage() {
  cat <<'USAGE'
Usage: deploy/drills/poison-clock.sh --results FILE [options]

Poison clock drill on the standalone cluster (deploy/standalone) with a Kafka broker, all on
temporary data and the ports below. Submits corridor-analytics (parallelism 2, checkpoints
every second, one partition per topic), then replays pingxiang-overload with two extra
Pingxiang departures from bad clocks: one stamped 2099-01-01 a third of the way in, one
stamped a year before today half way in. Passes when:

  - the committed readings equal the known answers of the replay (UtilisationCheck, up to the
    job's watermark): the watermark followed neither record, so no 2019 reading is missing;
  - the dead letters are exactly one INVALID_VALUE (the 2099 record) and no LATE;
  - the job is still RUNNING, without a restart.

The record from a year ago is valid and counted in its own slot; its reading comes when event
time reaches it, which in this run it does not (see jobs/README.md, "Event time").
Needs kcat (Debian: apt-get install kcat).

Options:
  --days N                  days of the replay, at least 2. Default: 3.
USAGE
  common_usage
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --days) days="${2:?--days needs a number}"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) common_option "$@" || die "unknown option '$1' (see --help)"; shift "$shift_by" ;;
  esac
done
check_readings_drill

# One JSON line of the replay's file format: a Pingxiang departure with the given clock.
poison_line() {
  local id=$1 time=$2
  printf '{"topic":"corridor.border-crossings.v1","key":"CN-PINGXIANG","value":{"schema":"border-crossing/1","eventId":"%s","portId":"CN-PINGXIANG","vehicleId":"GX-BADCLOCK","stage":"DEPARTED","direction":"EXPORT","eventTime":"%s"}}\n' \
    "$id" "$time"
}

# Committed dead letters by reason, "REASON COUNT" per line.
dead_letters_by_reason() {
  kcat -b "$bootstrap" -C -t corridor.deadletter.v1 -o beginning -e -q \
    -X isolation.level=read_committed -f '%s\n' 2>>"$work/kcat.log" |
    grep -o '"reason":"[A-Z_]*"' | cut -d'"' -f4 | sort | uniq -c | awk '{print $2, $1}'
}

drill_prepare

# the clean replay as JSON lines, with the two bad clocks put in
java_tool org.corridorwatch.generators.ReplayCommand pingxiang-overload --days "$days" --dry-run \
  --no-progress >"$work/clean.jsonl" 2>>"$work/replay.log"
total="$(wc -l <"$work/clean.jsonl" | tr -d ' ')"
far_future="2099-01-01T08:00:00Z"
year_ago="$(date -u -d '-365 days' +%Y-%m-%dT%H:07:00Z)"
{
  head -n $((total / 3)) "$work/clean.jsonl"
  poison_line poison-far-future "$far_future"
  sed -n "$((total / 3 + 1)),$((total / 2))p" "$work/clean.jsonl"
  poison_line poison-year-ago "$year_ago"
  tail -n +$((total / 2 + 1)) "$work/clean.jsonl"
} >"$work/poisoned.jsonl"
# the known answers of exactly what is sent, the two bad clocks included
java_tool org.corridorwatch.generators.ReplayCommand --file "$work/poisoned.jsonl" --dry-run \
  --expected "$work/expected.json" --no-progress >/dev/null 2>>"$work/replay.log"
say "replay of $total records with a $far_future and a $year_ago departure in the middle"

drill_cluster_up
drill_submit
readings_watch_start # the job has created its topics
java_tool org.corridorwatch.generators.ReplayCommand --file "$work/poisoned.jsonl" \
  --bootstrap-servers "$bootstrap" --partitions 1 --no-progress >&2 2>>"$work/replay.log"

verdict=PASS
check_readings "$work/expected.json" || verdict=FAIL
reasons="$(dead_letters_by_reason)"
late="$(awk '$1 == "LATE" {print $2}' <<<"$reasons")"
invalid="$(awk '$1 == "INVALID_VALUE" {print $2}' <<<"$reasons")"
others="$(awk '$1 != "LATE" && $1 != "INVALID_VALUE" {n += $2} END {print n + 0}' <<<"$reasons")"
state="$(job_state "$job")"
restarts="$(job_restarts)"
say "dead letters: LATE ${late:-0}, INVALID_VALUE ${invalid:-0}, other ${others}; job $state, $restarts restarts"
if [[ ${late:-0} != 0 || ${invalid:-0} != 1 || $others != 0 ]]; then verdict=FAIL; fi
if [[ $state != RUNNING || $restarts != 0 ]]; then verdict=FAIL; fi
((lost == 0 && duplicated == 0 && rewritten == 0)) || verdict=FAIL

notes="pingxiang-overload $days days, 1 partition per topic, parallelism 2; a $far_future departure at record $((total / 3)) and a $year_ago one at record $((total / 2)); dead letters LATE ${late:-0} (want 0), INVALID_VALUE ${invalid:-0} (want 1: the 2099 record), other $others; job $state with $restarts restarts; $check_notes"
say "$verdict: lost $lost, duplicated $duplicated, LATE ${late:-0}"
write_results 2 "$lost" "$duplicated" "" "$verdict" "$notes" "$rewritten"
