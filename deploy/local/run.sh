#!/usr/bin/env bash
# The local stack, the README's first command (through ./corridor-watch run): a Kafka broker
# process, corridor-analytics on an embedded Flink mini-cluster, the source scenarios replayed and
# then a live feed, and a summary in this terminal. Ctrl-C stops what this script started, and
# only that.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"

kafka_port=9092
controller_port=9093
web_port=8081
metrics_ports=9250-9253
console_port=8088
data="${CORRIDOR_WATCH_DATA:-$here/target/local}"
scenarios=(ilstc-2019 pingxiang-overload corridor-ports)
pace=()
live=yes
checkpoint_interval=2s
rebuild=no
alertmanager_url=""

usage() {
  cat <<'USAGE'
Usage: ./corridor-watch run [options]

Runs corridor-watch on this machine, every server on 127.0.0.1:
  1. builds what is missing (mvn; tests skipped);
  2. starts a real Kafka broker (KRaft) as its own process, data under --data;
  3. runs corridor-analytics on an embedded Flink mini-cluster, web UI on --web-port; the job
     creates the contract topics;
  4. replays the source scenarios and every other catalogue port into Kafka, then keeps a
     live feed at wall-clock time;
  5. starts the web console (dashboard, API, alert streams) on --console-port;
  6. prints where to look, then a summary per port and corridor every few seconds.
Ctrl-C stops every process it started, and only those. Logs go to <data>/logs.

Options:
  --kafka-port N         Kafka client port. Default: 9092.
  --controller-port N    Kafka KRaft controller port. Default: 9093.
  --web-port N           Flink web UI port. Default: 8081.
  --console-port N       The web console's port. Default: 8088.
  --metrics-ports RANGE  Where the job serves Prometheus metrics (the first free port of the
                         range); deploy/prometheus scrapes these. Default: 9250-9253.
  --data DIR             Broker data, checkpoints and logs. Default: target/local in the
                         repository (or $CORRIDOR_WATCH_DATA).
  --scenarios LIST       Comma-separated scenarios to replay first. Default:
                         ilstc-2019,pingxiang-overload,corridor-ports: the two source
                         scenarios and the other 17 catalogue ports, so every port shows
                         figures at once (see ./corridor-watch replay --list).
  --speedup FACTOR       Replay event time this many times faster than real time.
                         Default: as fast as the broker takes it.
  --no-live              Stop producing after the replay instead of keeping a live feed.
  --checkpoint-interval D  How often outputs become readable. Default: 2s.
  --alertmanager-url URL The console sends alerts to this Alertmanager (deploy/prometheus/run.sh
                         starts one on http://127.0.0.1:9394), and operators silence them from
                         the dashboard with the token written to <data>/console-token.
                         Default: off; the dashboard's silences are then read-only.
  --rebuild              Build even if the jars exist.
  -h, --help             Show this help.
USAGE
}

script="corridor-watch run"
# shellcheck source=../common.sh
source "$here/deploy/common.sh"

number() {
  require_port "$1" "$2"
  echo "$((10#$2))"
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --kafka-port) [[ $# -ge 2 ]] || die "--kafka-port needs a value"; kafka_port=$(number --kafka-port "$2"); shift ;;
    --controller-port) [[ $# -ge 2 ]] || die "--controller-port needs a value"; controller_port=$(number --controller-port "$2"); shift ;;
    --web-port) [[ $# -ge 2 ]] || die "--web-port needs a value"; web_port=$(number --web-port "$2"); shift ;;
    --console-port) [[ $# -ge 2 ]] || die "--console-port needs a value"; console_port=$(number --console-port "$2"); shift ;;
    --metrics-ports) [[ $# -ge 2 && $2 =~ ^[0-9]+(-[0-9]+)?$ ]] || die "--metrics-ports needs a port or a range such as 9250-9253"; metrics_ports="$2"; shift ;;
    --data) [[ $# -ge 2 ]] || die "--data needs a directory"; data="$2"; shift ;;
    --scenarios) [[ $# -ge 2 ]] || die "--scenarios needs a list"; IFS=, read -r -a scenarios <<<"$2"; shift ;;
    --speedup) [[ $# -ge 2 ]] || die "--speedup needs a factor"; pace=(--speedup "$2"); shift ;;
    --no-live) live=no ;;
    --checkpoint-interval) [[ $# -ge 2 ]] || die "--checkpoint-interval needs a duration"; checkpoint_interval="$2"; shift ;;
    --rebuild) rebuild=yes ;;
    --alertmanager-url) [[ $# -ge 2 && $2 =~ ^https?://[^[:space:]]+$ ]] || die "--alertmanager-url needs an http:// or https:// URL, such as http://127.0.0.1:9394"; alertmanager_url="$2"; shift ;;
    *) die "unknown option '$1' (see ./corridor-watch run --help)" ;;
  esac
  shift
done

# A port someone else holds: say which and how to pick another, before starting anything.
! port_busy "$kafka_port" || die "port $kafka_port (Kafka) is in use on 127.0.0.1; choose another with --kafka-port"
! port_busy "$controller_port" || die "port $controller_port (Kafka controller) is in use on 127.0.0.1; choose another with --controller-port"
! port_busy "$web_port" || die "port $web_port (Flink web UI) is in use on 127.0.0.1; choose another with --web-port"
! port_busy "$console_port" || die "port $console_port (console) is in use on 127.0.0.1; choose another with --console-port"
[[ $kafka_port != "$controller_port" && $kafka_port != "$web_port" && $controller_port != "$web_port" ]] ||
  die "--kafka-port, --controller-port and --web-port must differ"

interval_ms=$(duration_ms --checkpoint-interval "$checkpoint_interval")
((interval_ms >= 100)) || die "--checkpoint-interval must be at least 100ms, as the job's"
if [[ ${#pace[@]} -gt 0 ]]; then require_positive --speedup "${pace[1]}"; fi

build_flags=()
[[ $rebuild == yes ]] && build_flags=(--rebuild)
./corridor-watch build "${build_flags[@]}"

# scenario names are the replay's to know: ask it, before anything starts
known_scenarios="$(./corridor-watch replay --list | grep -v '^[[:space:]]' | grep -v '^$' | tr '\n' ' ')"
for name in "${scenarios[@]}"; do
  [[ " $known_scenarios" == *" $name "* ]] || die "--scenarios: no scenario named '$name'; the scenarios are: $known_scenarios"
done

mkdir -p "$data/logs"
data="$(cd "$data" && pwd)"
bootstrap="127.0.0.1:$kafka_port"
job_pid="" replay_pid="" summary_pid="" console_pid="" broker_started=no

stop_all() {
  trap - INT TERM EXIT
  echo >&2
  echo "corridor-watch run: stopping ..." >&2
  local pid
  for pid in "$summary_pid" "$console_pid" "$replay_pid" "$job_pid"; do
    [[ -n $pid ]] && kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "$summary_pid" "$console_pid" "$replay_pid" "$job_pid"; do
    [[ -n $pid ]] || continue
    # give each up to 20 s to close its Kafka transactions and files, then insist
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [[ $broker_started == yes ]]; then
    deploy/local/kafka-broker.sh stop --data "$data/kafka" >&2 || true
  fi
  echo "corridor-watch run: stopped everything it started; data stays in $data" >&2
}
trap stop_all INT TERM EXIT

deploy/local/kafka-broker.sh start --port "$kafka_port" --controller-port "$controller_port" --data "$data/kafka" >&2
broker_started=yes

classpath() { ./corridor-watch classpath "$1"; }
started=$(date +%s)

# One partition per topic: one machine needs no more, no reader waits out the idleness of an
# empty partition before the first reading, and LATE is exact (see jobs/README.md).
# shellcheck disable=SC2046 # the JVM flags are separate words on purpose
java $(./corridor-watch jvm-opens) -Dlog4j2.configurationFile="$here/deploy/local/log4j2-local.xml" \
  -cp "$(classpath jobs)" org.corridorwatch.jobs.CorridorAnalyticsJob \
  --bootstrap-servers "$bootstrap" --local-web-port "$web_port" --partitions 1 \
  --metrics-port "$metrics_ports" \
  --checkpoint-interval "$checkpoint_interval" --checkpoint-dir "file://$data/checkpoints" \
  >"$data/logs/job.log" 2>&1 &
job_pid=$!

echo "corridor-watch run: starting corridor-analytics (log: $data/logs/job.log) ..." >&2
deadline=$((SECONDS + 180))
until curl -fsS "http://127.0.0.1:$web_port/jobs/overview" 2>/dev/null | grep -q '"state":"RUNNING"'; do
  if ! kill -0 "$job_pid" 2>/dev/null; then
    tail -n 20 "$data/logs/job.log" >&2
    job_pid=""
    die "corridor-analytics stopped while starting; its log is above"
  fi
  ((SECONDS < deadline)) || die "corridor-analytics was not RUNNING after 180 s; see $data/logs/job.log"
  sleep 1
done

console_args=(--bootstrap-servers "$bootstrap" --port "$console_port")
if [[ -n $alertmanager_url ]]; then
  # the operators' token: made once, kept with the data, readable by this user only
  token_file="$data/console-token"
  if [[ ! -s $token_file ]]; then
    (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$token_file")
  fi
  console_args+=(--alertmanager-url "$alertmanager_url" --token-file "$token_file")
fi
java -cp "$(classpath console)" org.corridorwatch.console.web.ConsoleServer \
  "${console_args[@]}" >"$data/logs/console.log" 2>&1 &
console_pid=$!

live_flag=()
[[ $live == yes ]] && live_flag=(--live)
java -cp "$(classpath generators)" org.corridorwatch.generators.ReplayCommand \
  "${scenarios[@]}" --bootstrap-servers "$bootstrap" "${pace[@]}" "${live_flag[@]}" --no-progress \
  >"$data/logs/replay.log" 2>&1 &
replay_pid=$!

# The port the job's reporter took from the range, as it logged it once bound.
metrics_url="$(grep -o 'Prometheus metrics on http://[^ ]*' "$data/logs/job.log" | tail -n 1 | sed 's/^Prometheus metrics on //' || true)"
[[ -n $metrics_url ]] || metrics_url="none found in $data/logs/job.log (range $metrics_ports)"

cat <<SUMMARY

corridor-watch is running (job up in $(($(date +%s) - started)) s). Everything listens on 127.0.0.1.
  console          http://127.0.0.1:$console_port/   (dashboard; API and alert streams: console/README.md)
  Flink web UI     http://127.0.0.1:$web_port
  metrics          $metrics_url  (deploy/prometheus/run.sh scrapes it)
  Kafka            $bootstrap   (data in $data/kafka)
  inputs           corridor.border-crossings.v1  corridor.shipments.v1  corridor.control.v1
  outputs          corridor.port-utilisation.v1  corridor.trade-balance.v1
                   corridor.alerts.v1  corridor.port-waits.v1  corridor.deadletter.v1
  read alerts      kcat -b $bootstrap -C -t corridor.alerts.v1 -o beginning
                   curl -N 'http://127.0.0.1:$console_port/api/alerts/stream?minSeverity=CRITICAL'
  read balances    kcat -b $bootstrap -C -t corridor.trade-balance.v1 -o beginning -e
                   (kcat reads committed records by default, as the outputs need)
  replaying        ${scenarios[*]}$([[ $live == yes ]] && echo ", then a live feed")
  silences         $([[ -n $alertmanager_url ]] && echo "in $alertmanager_url; the dashboard's token is in $token_file" || echo "read-only (no --alertmanager-url)")
  logs             $data/logs/
Ctrl-C stops everything started here.

SUMMARY

java -cp "$(classpath console)" org.corridorwatch.console.TerminalSummary --bootstrap-servers "$bootstrap" &
summary_pid=$!
# wait (not a foreground child) so Ctrl-C runs the trap at once
while kill -0 "$summary_pid" 2>/dev/null; do
  wait "$summary_pid" || true
done
