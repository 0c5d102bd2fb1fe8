#!/usr/bin/env bash
# Issue 8's benchmarks on this machine. In process, on a local Flink mini-cluster without Kafka:
# P1 (the analytics pipeline against a parse-only pass-through), P2 (our 15-minute slot counters
# against Flink's sliding windows) and P3 (utilisation and port balances against Flink SQL), by
# org.corridorwatch.bench.pipeline.ThroughputBench. Then the Kafka benchmarks, bench/kafka.sh, when
# it exists.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

quick=no
rebuild=no

usage() {
  cat <<'USAGE'
Usage: bench/run.sh [--quick] [--rebuild]

Runs the benchmarks of issue 8 and reports median, min and max events/s per variant, the ratio of
each comparison and whether it meets its goal.

  P1  the whole analytics graph (parse, dedup, utilisation, balance, CEP alerts) against a
      parse-only pass-through of the same in-memory JSON bytes. Goal: ratio >= 0.5.
  P2  our 15-minute slot counters (PortUtilisationFunction) against Flink's sliding event-time
      windows of 24 h / 15 min, after checking both emit equal counts. Goal: ratio >= 10.
  P3  against Flink SQL, two rows, each after checking equal outputs. Goal: ratio >= 3 each.
      Utilisation: our slot counters against the same counts with a HOP window table function.
      Balances: the job's port trade balances (cumulative, rolling 30 days) against SQL's
      hourly TUMBLE with a running OVER sum and a 30-day HOP without unchanged hours (LAG).
  Then bench/kafka.sh (the Kafka benchmarks), if present, with --quick passed on.

Full mode: 28 days of traffic, one warm-up and 3 timed runs per variant; writes
bench/results/<date>.md with its PNG charts.

Options:
  --quick     2 days, one timed run each: checks that outputs agree and prints the ratios, for CI.
              Writes its report to bench/target/quick/, never to bench/results/.
  --rebuild   build the modules even if their jars exist.
  -h, --help  show this help.
USAGE
}

die() { echo "bench: $*" >&2; exit 2; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=yes ;;
    --rebuild) rebuild=yes ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift
done

command -v java >/dev/null 2>&1 || die "java not found; install Java 17+"
command -v mvn >/dev/null 2>&1 || die "mvn not found; install Maven 3.8+"

# Builds the modules and their runtime classpaths in one reactor run, never 'mvn install', so the
# shared local repository keeps its jars and the classpath points at this checkout's modules.
build_if_missing() {
  local m missing=$rebuild
  for m in seeds model generators jobs bench; do
    [[ -f "$root/$m/target/classpath.txt" ]] || missing=yes
    ls "$root/$m"/target/corridor-watch-"$m"-*.jar >/dev/null 2>&1 || missing=yes
  done
  if [[ $missing == yes ]]; then
    echo "bench: building (mvn package, tests skipped) ..." >&2
    # compile, runtime and provided: the mini-cluster needs what a Flink cluster would provide
    (cd "$root" && mvn -q -pl bench -am -DskipTests -Dspotless.check.skip=true \
      package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.excludeScope=test)
  fi
}

build_if_missing

if [[ $quick == yes ]]; then
  settings=(--days 2 --runs 1 --report-dir "$here/target/quick")
else
  settings=(--days 28 --runs 3 --report-dir "$here/results")
fi

started=$SECONDS
# the flags Flink's own distribution passes, kept in the root pom; separate words on purpose
# shellcheck disable=SC2046
java -Xmx4g $(sed -n 's:.*<flink.jvm.opens>\(.*\)</flink.jvm.opens>.*:\1:p' "$root/pom.xml") \
  -Dlog4j2.configurationFile=corridor-watch-bench-log4j2.xml \
  -cp "$(ls "$here"/target/corridor-watch-bench-*.jar | head -n 1):$(cat "$here/target/classpath.txt")" \
  org.corridorwatch.bench.pipeline.ThroughputBench "${settings[@]}"
echo "bench: in-process benchmarks took $((SECONDS - started)) s" >&2

if [[ -x $here/kafka.sh ]]; then
  kafka_args=()
  [[ $quick == yes ]] && kafka_args+=(--quick)
  "$here/kafka.sh" "${kafka_args[@]}"
fi
