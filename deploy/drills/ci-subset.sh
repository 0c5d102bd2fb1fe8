#!/usr/bin/env bash
# The drills' CI subset: one TaskManager kill, one JobManager takeover with HA and a 10K-record
# hostile-input fuzz, each on a cluster of its own, on ports of their own: 9 to 13 minutes on 2
# shared cores.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'USAGE'
Usage: deploy/drills/ci-subset.sh [options]

Runs tm-kill.sh --kills 1 (3 days of replay), jm-kill.sh (HA: the leader killed, the standby
takes over; 3 days) and fuzz.sh --records 10000, one after the other, on the CI ports (REST
23181, RPC 23223, blob 23224, Kafka 23192/23193; for jm-kill also ZooKeeper 23195 and the
standby's REST 23182), so a drill run by hand on the usual drill ports is never touched. Each
drill stops everything it started. Exit code 0 only if all PASS; their results and logs go to a
temporary folder, kept on failure.

Options:
  -h, --help   show this help.
USAGE
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
need_tools

out="$(mktemp -d "${TMPDIR:-/tmp}/corridor-watch-ci-drills.XXXXXX")"
ports=(--rest-port 23181 --rpc-port 23223 --blob-port 23224 --kafka-port 23192 --kafka-controller-port 23193)
status=0
"$drills/tm-kill.sh" --kills 1 --days 3 --results "$out/tm-kill.json" "${ports[@]}" || status=1
"$drills/jm-kill.sh" --days 3 --zookeeper-port 23195 --standby-rest-port 23182 --results "$out/jm-kill.json" "${ports[@]}" || status=1
"$drills/fuzz.sh" --records 10000 --results "$out/fuzz.json" "${ports[@]}" || status=1
cat "$out"/*.json >&2 2>/dev/null || true
if ((status == 0)); then
  rm -rf "$out"
  say "passed in $((SECONDS - started)) s"
else
  say "FAILED after $((SECONDS - started)) s; results kept in $out"
fi
exit "$status"
