#!/usr/bin/env bash
# End-to-end test of the standalone cluster: up on ports of its own with a temporary data folder,
# submit corridor-analytics over REST, replay a scenario into Kafka, check the committed
# utilisation readings against the replay's known answers, and take everything down again.
# Exits non-zero on any mismatch, and when a process it started is left behind.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
script="standalone e2e"

rest_port=25081
rpc_port=25123
blob_port=25124
kafka_port=25092
kafka_controller_port=25093
scenario=pingxiang-overload
days=7
keep=no

usage() {
  cat <<'USAGE'
Usage: deploy/standalone/e2e.sh [options]

Starts the standalone cluster (deploy/standalone/up) with a temporary data folder, submits
corridor-analytics (parallelism 2, checkpoints every second, one partition per topic), replays
a scenario with its known answers (expected.json), reads corridor.port-utilisation.v1 with
read_committed and checks it holds exactly the expected readings
(org.corridorwatch.generators.answers.UtilisationCheck). Then stops everything it started and
checks that no process of it is left. Exit code 0 only if all of that holds.

Options:
  --rest-port N, --rpc-port N, --blob-port N
                             the cluster's ports. Defaults: 25081, 25123, 25124 (not the
                             usual ones, so a cluster you run yourself is not touched).
  --kafka-port N, --kafka-controller-port N
                             the broker's ports. Defaults: 25092, 25093.
  --scenario NAME            Default: pingxiang-overload.
  --days N                   Default: 7.
  --keep                     keep the temporary data folder even when the test passes.
  -h, --help                 show this help.
USAGE
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --scenario) scenario="${2:?--scenario needs a name}"; shift ;;
    --days) days="${2:?--days needs a number}"; shift ;;
    --keep) keep=yes ;;
    *) cluster_port_option "$@" || help_or_unknown_option "$1"; shift ;;
  esac
  shift
done
[[ $days =~ ^[1-9][0-9]*$ ]] || die "--days must be a whole number of days, at least 1, got '$days'"
need_tools

started=$SECONDS
work="$(mktemp -d "${TMPDIR:-/tmp}/corridor-watch-standalone-e2e.XXXXXX")"
cluster="$work/cluster"

cleanup() {
  local status=$?
  trap - EXIT
  "$here/down" --data "$cluster" >/dev/null 2>&1 || true
  no_process_left_in "$work" || status=1
  if ((status == 0)); then
    echo "$script: passed in $((SECONDS - started)) s; no process left"
    [[ $keep == yes ]] && echo "$script: data kept in $work" || rm -rf "$work"
  else
    echo "$script: FAILED (exit $status) after $((SECONDS - started)) s; logs kept in $work" >&2
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# the generators (replay, checker) as programs; the launcher builds them and the job jar when missing
generators_cp="$("$root/corridor-watch" classpath generators)" || die "building the generators failed"
bootstrap="127.0.0.1:$kafka_port"

"$here/up" --data "$cluster" --rest-port "$rest_port" --rpc-port "$rpc_port" --blob-port "$blob_port" \
  --kafka-port "$kafka_port" --kafka-controller-port "$kafka_controller_port" >&2

# one partition per topic: the known answers assume one (jobs/README.md, "Several partitions")
job="$("$here/submit" --data "$cluster" --parallelism 2 -- --checkpoint-interval 1s --partitions 1)"
say "job $job is running; replaying $scenario ($days days) ..."

java -cp "$generators_cp" org.corridorwatch.generators.ReplayCommand "$scenario" --days "$days" \
  --bootstrap-servers "$bootstrap" --partitions 1 --expected "$work/expected.json" --no-progress >&2

java -cp "$generators_cp" org.corridorwatch.generators.answers.UtilisationCheck \
  --expected "$work/expected.json" --bootstrap-servers "$bootstrap" --quiet 5s --timeout 3m

# the job must still be running: a failed job could have written a correct prefix and died
REST_PORT=$rest_port
state="$(job_state "$job")"
[[ $state == RUNNING ]] || die "job $job is $state after the check"
restarts="$(rest_get "/jobs/$job/metrics?get=numRestarts" | grep -o '"value":"[0-9]*"' | grep -o '[0-9]*' || echo '?')"
say "job $job still RUNNING after the check ($restarts restarts)"
