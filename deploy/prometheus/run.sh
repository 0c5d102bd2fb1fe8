#!/usr/bin/env bash
# Prometheus and Alertmanager for corridor-watch, both on 127.0.0.1, until Ctrl-C.
#
#   deploy/prometheus/run.sh [--prometheus-port 9390] [--alertmanager-port 9394] [--data DIR]
#   deploy/prometheus/run.sh --check      validate the configs with promtool and amtool, then exit
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
prom_port=9390
# not 9093, Alertmanager's default: that is the local Kafka broker's controller port
am_port=9394
data="${CORRIDOR_WATCH_DATA:-$here/../../target/local}/prometheus"
check_only=no

usage() {
  cat <<'USAGE'
Usage: deploy/prometheus/run.sh [options]

Installs the Debian packages prometheus and prometheus-alertmanager if they are missing
(apt-get, --no-install-recommends; needs root), validates the configs in this folder with
promtool and amtool, then runs Prometheus and Alertmanager bound to 127.0.0.1 until Ctrl-C.
Prometheus scrapes the job's reporter (./corridor-watch job --metrics-port 9250-9259) and
evaluates corridor-watch.rules.yml; Alertmanager routes by the labels subject and severity.
Alertmanager's gossip is off (--cluster.listen-address=), so nothing listens on 0.0.0.0:9094.

Options:
  --prometheus-port N     Prometheus web and API port. Default: 9390.
  --alertmanager-port N   Alertmanager web and API port. Default: 9394 (not 9093, the Kafka
                          controller's port).
  --data DIR              where the config copies, the TSDB and Alertmanager's state go.
                          Default: target/local/prometheus in the repository
                          (or $CORRIDOR_WATCH_DATA/prometheus).
  --check                 only install if missing and validate the configs, then exit.
  -h, --help              show this help.
USAGE
}

script="prometheus/run.sh"
# shellcheck source=../common.sh
source "$here/../common.sh"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --prometheus-port) prom_port="${2:?--prometheus-port needs a number}"; shift ;;
    --alertmanager-port) am_port="${2:?--alertmanager-port needs a number}"; shift ;;
    --data) data="${2:?--data needs a folder}"; shift ;;
    --check) check_only=yes ;;
    *) help_or_unknown_option "$1" ;;
  esac
  shift
done
require_port --prometheus-port "$prom_port"
require_port --alertmanager-port "$am_port"
[[ $am_port != 9093 ]] || die "--alertmanager-port 9093 clashes with the Kafka controller; pick another"

install_if_missing() {
  if command -v prometheus >/dev/null && command -v prometheus-alertmanager >/dev/null &&
    command -v promtool >/dev/null && command -v amtool >/dev/null; then
    return 0
  fi
  [[ $(id -u) -eq 0 ]] || die "prometheus or prometheus-alertmanager is missing; as root run:
  apt-get install --no-install-recommends prometheus prometheus-alertmanager"
  echo "prometheus/run.sh: installing prometheus and prometheus-alertmanager ..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    prometheus prometheus-alertmanager >&2
}

# Copies of the configs with this run's ports, so the files in git keep the documented defaults.
prepare_configs() {
  mkdir -p "$data/config" "$data/tsdb" "$data/alertmanager"
  sed -e "s/127\.0\.0\.1:9394/127.0.0.1:$am_port/" -e "s/127\.0\.0\.1:9390/127.0.0.1:$prom_port/" \
    "$here/prometheus.yml" >"$data/config/prometheus.yml"
  cp "$here/corridor-watch.rules.yml" "$here/alertmanager.yml" "$data/config/"
  promtool check config "$data/config/prometheus.yml" >&2
  amtool check-config "$data/config/alertmanager.yml" >&2
}


# Polls until the URL answers, so the script reports a failed start instead of hanging.
wait_ready() {
  local url=$1 pid=$2 deadline=$((SECONDS + 30))
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || die "$url: the process exited; see $data/*.log"
    ((SECONDS < deadline)) || die "$url not ready after 30 s; see $data/*.log"
    sleep 0.2
  done
}

install_if_missing
prepare_configs
[[ $check_only == no ]] || { echo "prometheus/run.sh: configs valid" >&2; exit 0; }
port_busy "$prom_port" && die "port $prom_port is already in use on 127.0.0.1; choose another with --prometheus-port"
port_busy "$am_port" && die "port $am_port is already in use on 127.0.0.1; choose another with --alertmanager-port"

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  echo "prometheus/run.sh: stopped" >&2
}
trap stop INT TERM EXIT

prometheus-alertmanager \
  --config.file="$data/config/alertmanager.yml" \
  --storage.path="$data/alertmanager" \
  --web.listen-address="127.0.0.1:$am_port" \
  --cluster.listen-address= \
  >"$data/alertmanager.log" 2>&1 &
pids+=($!)
prometheus \
  --config.file="$data/config/prometheus.yml" \
  --storage.tsdb.path="$data/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" \
  >"$data/prometheus.log" 2>&1 &
pids+=($!)

wait_ready "http://127.0.0.1:$am_port/-/ready" "${pids[0]}"
wait_ready "http://127.0.0.1:$prom_port/-/ready" "${pids[1]}"
cat >&2 <<READY
prometheus/run.sh: Prometheus   http://127.0.0.1:$prom_port   (data $data/tsdb)
prometheus/run.sh: Alertmanager http://127.0.0.1:$am_port   (data $data/alertmanager)
prometheus/run.sh: Ctrl-C stops both.
READY
# returns when either process ends; the trap then stops the other
wait -n "${pids[@]}"
