#!/usr/bin/env bash
# A real single-node Kafka broker (KRaft: broker and controller in one process) on 127.0.0.1,
# as its own process, with its data under a folder you choose.
#
#   deploy/local/kafka-broker.sh start [--port 9092] [--controller-port 9093] [--data DIR] [--set KEY=VALUE ...]
#   deploy/local/kafka-broker.sh stop|status [--data DIR]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port=9092
controller_port=9093
data="${CORRIDOR_WATCH_DATA:-$here/../../target/local}/kafka"
settings=()

usage() {
  cat <<'USAGE'
Usage: deploy/local/kafka-broker.sh <start|stop|status> [options]

Starts a real Apache Kafka broker (KRaft, single node) as its own process, bound to 127.0.0.1.
Single-node settings: replication factor 1 for offsets and transaction state, so exactly-once
producers and read_committed consumers work.

Options:
  --port N             client listener port. Default: 9092.
  --controller-port N  KRaft controller port. Default: 9093.
  --data DIR           where logs, data and the pid file go. Default: target/local/kafka
                       in the repository (or $CORRIDOR_WATCH_DATA/kafka).
  --set KEY=VALUE      a further broker setting for this start, such as
                       transaction.max.timeout.ms=1800000; repeatable. server.properties is
                       written afresh at every start, so a restart must pass it again.
  -h, --help           show this help.
USAGE
}

script="kafka-broker"
# shellcheck source=../common.sh
source "$here/../common.sh"

cmd="${1:-}"
[[ -n $cmd ]] || { usage; exit 2; }
shift
while [[ $# -gt 0 ]]; do
  case "$1" in
    --port) port="${2:?--port needs a number}"; shift ;;
    --controller-port) controller_port="${2:?--controller-port needs a number}"; shift ;;
    --data) data="${2:?--data needs a folder}"; shift ;;
    --set)
      [[ ${2:-} =~ ^[a-z][a-z0-9._-]*=[^[:space:]]*$ ]] || die "--set needs KEY=VALUE, such as transaction.max.timeout.ms=1800000"
      settings+=("$2"); shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift
done
require_port --port "$port"
require_port --controller-port "$controller_port"

pidfile="$data/broker.pid"
running() { [[ -f $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

# The broker's classpath, from pom.xml beside this file (resolved by the launcher when missing).
classpath() { "$here/../../corridor-watch" classpath deploy/local; }

start() {
  if running; then
    echo "kafka-broker: already running (pid $(cat "$pidfile")) on 127.0.0.1:$port"
    return 0
  fi
  port_busy "$port" && die "port $port is already in use on 127.0.0.1; choose another with --port"
  port_busy "$controller_port" && die "port $controller_port is already in use; choose another with --controller-port"
  mkdir -p "$data/logs"
  local props="$data/server.properties"
  cat >"$props" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$data/data
num.partitions=4
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
  local setting
  for setting in "${settings[@]}"; do
    echo "$setting" >>"$props" # a later line wins in a properties file
  done
  local cp
  cp="$(classpath)"
  if [[ ! -f "$data/data/meta.properties" ]]; then
    java -cp "$cp" kafka.tools.StorageTool format -t "$(java -cp "$cp" kafka.tools.StorageTool random-uuid)" \
      -c "$props" --standalone >"$data/logs/format.log" 2>&1 || die "formatting storage failed; see $data/logs/format.log"
  fi
  nohup java -Xms512m -Xmx1g -Dkafka.logs.dir="$data/logs" -cp "$cp" kafka.Kafka "$props" \
    >"$data/logs/broker.out" 2>&1 &
  echo $! >"$pidfile"
  local deadline=$((SECONDS + 60))
  until port_busy "$port"; do
    running || die "the broker exited while starting; see $data/logs/broker.out"
    ((SECONDS < deadline)) || die "the broker did not open 127.0.0.1:$port within 60 s; see $data/logs/broker.out"
    sleep 0.2
  done
  echo "kafka-broker: running (pid $(cat "$pidfile")) on 127.0.0.1:$port, data in $data"
}

stop() {
  if ! running; then
    echo "kafka-broker: not running"
    rm -f "$pidfile"
    return 0
  fi
  local pid
  pid="$(cat "$pidfile")"
  kill "$pid"
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      echo "kafka-broker: pid $pid did not stop within 30 s; killing it" >&2
      kill -9 "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$pidfile"
  echo "kafka-broker: stopped"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "kafka-broker: running (pid $(cat "$pidfile"))"; else echo "kafka-broker: not running"; exit 1; fi ;;
  -h | --help) usage ;;
  *) die "unknown command '$cmd' (see --help)" ;;
esac
