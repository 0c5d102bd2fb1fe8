#!/usr/bin/env bash
# Alert latency, end to end, on this machine: a fresh Kafka broker, corridor-analytics on an
# embedded mini-cluster, and the probe (org.corridorwatch.bench.AlertLatencyProbe) replaying a
# scenario at a fixed rate and timing each alert from its trigger event entering Kafka to the
# alert becoming readable with read_committed. Everything it starts, it stops (trap on EXIT).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

rate=2000
checkpoint_interval=1s
scenario=pingxiang-overload
days=7
port=19092
controller_port=19093
report=""
diagnostics=""
rebuild=no
job_args=()
warm_up=0s

usage() {
  cat <<'USAGE'
Usage: bench/alert-latency.sh [options]

Measures the latency from an event entering Kafka to its alert becoming readable (p50, p90,
p99, p99.9, max), at a stated rate. Starts a fresh single-node Kafka broker on 127.0.0.1 with
its data in a temporary folder, runs corridor-analytics against it (one partition per input
topic, so the job's watermark can be recomputed exactly), replays the scenario with the probe,
prints the figures and stops everything it started.

Alerts are written exactly once: they become readable only when the checkpoint after them
completes, so the latency is the pipeline's plus up to one checkpoint interval.

Options:
  --rate N                 events per second the replay sends. Default: 2000.
  --checkpoint-interval D  the job's checkpoint interval (e.g. 1s, 10s). Default: 1s.
  --scenario NAMES         scenarios to replay together, comma-separated, e.g.
                           baseline,pingxiang-overload. Default: pingxiang-overload.
  --warm-up D              leave out of the figures the outputs triggered in the replay's
                           first D (counted apart): the job warms up. Default: 0s.
  --days N                 days of the scenario. Default: 7.
  --port N                 the broker's client port. Default: 19092 (not the usual 9092,
                           so it cannot meet a broker you run yourself).
  --controller-port N      the broker's KRaft controller port. Default: 19093.
  --report FILE            also write the figures to FILE (.md: markdown, else JSON, with
                           each histogram encoded), and their latency CDF beside it as a PNG,
                           FILE's name without extension + -cdf.png, which the report links.
  --diagnostics DIR        also keep what explains a slow alert, in DIR: every alert's times
                           (decisions.csv), the job's log with each checkpoint (job.log), the
                           job JVM's GC and safepoint log (gc.log), and StallReport's comparison
                           of the slowest alerts with the rest (stalls.md).
  --rebuild                build the modules even if their jars exist.
  -- JOB OPTIONS           everything after -- goes to corridor-analytics as given, e.g.
                           -- --buffer-timeout 10ms.
  -h, --help               show this help.
USAGE
}

script="alert-latency"
# shellcheck source=../deploy/common.sh
source "$root/deploy/common.sh"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --rate) rate="${2:?--rate needs a number}"; shift ;;
    --checkpoint-interval) checkpoint_interval="${2:?--checkpoint-interval needs a duration}"; shift ;;
    --scenario) scenario="${2:?--scenario needs a name}"; shift ;;
    --warm-up) warm_up="${2:?--warm-up needs a duration}"; shift ;;
    --days) days="${2:?--days needs a number}"; shift ;;
    --port) port="${2:?--port needs a number}"; shift ;;
    --controller-port) controller_port="${2:?--controller-port needs a number}"; shift ;;
    --report) report="${2:?--report needs a file}"; shift ;;
    --diagnostics) diagnostics="${2:?--diagnostics needs a folder}"; shift ;;
    --rebuild) rebuild=yes ;;
    --) shift; job_args=("$@"); break ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift
done
interval_ms=$(duration_ms --checkpoint-interval "$checkpoint_interval")
((interval_ms >= 100)) || die "--checkpoint-interval must be at least 100ms, as the job's"
require_positive --rate "$rate"
require_port --port "$port"
require_port --controller-port "$controller_port"
if [[ -n $report ]]; then
  [[ -d "$(dirname "$report")" ]] || die "--report $report: its folder does not exist"
  report="$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
fi

# The probe waits this long without outputs before it ends: above one checkpoint interval, or
# the last checkpoint's alerts would be missed.
if [[ -n $diagnostics ]]; then
  mkdir -p "$diagnostics" || die "--diagnostics $diagnostics: cannot create it"
  diagnostics="$(cd "$diagnostics" && pwd)"
fi

quiet_ms=$((interval_ms * 3))
((quiet_ms >= 15000)) || quiet_ms=15000

need_java_and_maven

# The launcher builds what is missing (everything with --rebuild), for its own job and replay
# commands too.
build_if_missing() {
  local flags=()
  [[ $rebuild == yes ]] && flags=(--rebuild)
  "$root/corridor-watch" build ${flags[@]+"${flags[@]}"} || die "the build failed"
}

work="$(mktemp -d "${TMPDIR:-/tmp}/corridor-watch-alert-latency.XXXXXX")"
bootstrap="127.0.0.1:$port"
job_pid=""

cleanup() {
  local status=$?
  if [[ -n $job_pid ]] && kill -0 "$job_pid" 2>/dev/null; then
    kill "$job_pid" 2>/dev/null || true
    local deadline=$((SECONDS + 30))
    while kill -0 "$job_pid" 2>/dev/null && ((SECONDS < deadline)); do
      wait "$job_pid" 2>/dev/null || true
    done
    kill -9 "$job_pid" 2>/dev/null || true
  fi
  "$root/corridor-watch" kafka stop --data "$work/kafka" >/dev/null 2>&1 || true
  if ((status != 0)); then
    echo "alert-latency: failed; logs kept in $work" >&2
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build_if_missing

"$root/corridor-watch" kafka start --port "$port" --controller-port "$controller_port" --data "$work/kafka" >&2

echo "alert-latency: starting corridor-analytics (checkpoints every $checkpoint_interval) ..." >&2
job_log="$work/job.log"
job_env=()
if [[ -n $diagnostics ]]; then
  job_log="$diagnostics/job.log"
  # each checkpoint's trigger time and duration, and every stop-the-world pause with its wall clock
  cat >"$work/log4j2-checkpoints.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<Configuration status="WARN">
  <Loggers>
    <Logger name="org.apache.flink.runtime.checkpoint.CheckpointCoordinator" level="INFO"/>
  </Loggers>
</Configuration>
XML
  job_env=(CORRIDOR_WATCH_LOG_CONFIG="$work/log4j2-checkpoints.xml"
    JDK_JAVA_OPTIONS="-Xlog:gc,safepoint:file=$diagnostics/gc.log:utctime,timemillis")
fi
env "${job_env[@]}" "$root/corridor-watch" job --bootstrap-servers "$bootstrap" --checkpoint-interval "$checkpoint_interval" \
  --checkpoint-dir "file://$work/checkpoints" --partitions 1 "${job_args[@]}" >"$job_log" 2>&1 &
job_pid=$!

# RUNNING means every task switched to RUNNING, the Kafka sources included; poll the job's log
deadline=$((SECONDS + 120))
until grep -q "switched from state CREATED to RUNNING" "$job_log" 2>/dev/null &&
  ! grep -q -e "to DEPLOYING" -e "to INITIALIZING" <(grep "switched from" "$job_log" | tail -n 1); do
  kill -0 "$job_pid" 2>/dev/null || die "corridor-analytics exited while starting; see $job_log"
  ((SECONDS < deadline)) || die "corridor-analytics was not RUNNING within 120 s; see $job_log"
  sleep 0.5
done
echo "alert-latency: corridor-analytics is RUNNING" >&2

probe_args=(--bootstrap-servers "$bootstrap" --scenario "$scenario" --days "$days" --rate "$rate"
  --checkpoint-interval "$checkpoint_interval" --quiet "${quiet_ms}ms" --warm-up "$warm_up")
if [[ -n $report ]]; then probe_args+=(--report "$report"); fi
if [[ -n $diagnostics ]]; then probe_args+=(--decisions "$diagnostics/decisions.csv"); fi
bench_cp="$("$root/corridor-watch" classpath bench)"

cat <<INFO
Alert latency: $scenario, $days days, at $rate events/s; job checkpoints every $checkpoint_interval.
Alerts are written exactly once, so they become readable at the next checkpoint:
latency = pipeline + up to one checkpoint interval ($checkpoint_interval).
INFO
java -cp "$bench_cp" org.corridorwatch.bench.AlertLatencyProbe "${probe_args[@]}"
if [[ -n $diagnostics ]]; then
  java -cp "$bench_cp" org.corridorwatch.bench.StallReport --decisions "$diagnostics/decisions.csv" \
    --gc-log "$diagnostics/gc.log" --job-log "$job_log" --markdown "$diagnostics/stalls.md"
fi
