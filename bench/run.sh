#!/usr/bin/env bash
# The benchmarks on this machine. In process, on a local Flink mini-cluster without Kafka:
# P1 (the analytics pipeline against a parse-only pass-through), P2 (our 15-minute slot counters
# against Flink's sliding windows) and P3 (utilisation and port balances against Flink SQL), by
# org.corridorwatch.bench.pipeline.ThroughputBench. Then the Kafka benchmarks, bench/kafka.sh, when
# it exists.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

quick=no
rebuild=no
parts=all

usage() {
  cat <<'USAGE'
Usage: bench/run.sh [--quick] [--rebuild]

Runs the benchmarks and reports median, min and max events/s per variant, the ratio of
each comparison and whether it meets its goal.

  P1  the whole analytics graph (parse, dedup, utilisation, balance, CEP alerts) against a
      parse-only pass-through of the same in-memory JSON bytes. Goal: ratio >= 0.6.
  P2  our 15-minute slot counters (PortUtilisationFunction) against Flink's sliding event-time
      windows of 24 h / 15 min, after checking both emit equal counts. Goal: ratio >= 10.
  P3  against Flink SQL, two rows, each after checking equal outputs. Goal: ratio >= 3 each.
      Utilisation: our slot counters against the same counts with a HOP window table function.
      Balances: the job's port trade balances (cumulative, rolling 30 days) against SQL's
      hourly TUMBLE with a running OVER sum and a 30-day HOP without unchanged hours (LAG).
  Then bench/kafka.sh (the Kafka benchmarks), if present, with --quick passed on.

Then the codec's parse cost per record (JMH, CodecParseBenchmark) and the job's state against
ports (10 to 10,000 synthetic ports) and days of events (StateScaling), appended to the report.

Full mode: 28 days of traffic, one warm-up and 3 timed runs per variant, P1 also at parallelism 2,
then one more P1 pass under JFR for its flame graph and hot methods. Writes
bench/results/<date>.md (the goals at a glance, then every part's figures) with its PNG charts and
flame graphs, and bench/results/<date>.json (every goal P1-P7 with its figure and verdict, and the
parts' own figures). The parts stay beside them: <date>-in-process.md and .json, <date>-jmh.json,
kafka-<date>.md and .json; the report and the goals are put together from whichever exist.

Options:
  --quick     2 days, one timed run each, a short JMH run and a small scaling sweep: checks that
              outputs agree and prints the ratios, for CI.
              Writes its report to bench/target/quick/, never to bench/results/.
  --rebuild   build the modules even if their jars exist.
  --no-kafka  only the in-process part (P1-P3, JMH, scaling).
  --kafka-only
              only bench/kafka.sh; today's report is then put together again from it and the
              in-process part of an earlier --no-kafka run: the two halves can wait for a
              quiet machine separately.
  -h, --help  show this help.
USAGE
}

script="bench"
# shellcheck source=../deploy/common.sh
source "$root/deploy/common.sh"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=yes ;;
    --rebuild) rebuild=yes ;;
    --no-kafka) parts=in-process ;;
    --kafka-only) parts=kafka ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift
done

need_java_and_maven

# The launcher builds what is missing (everything with --rebuild); its classpaths name this
# checkout's own jars.
build_flags=()
[[ $rebuild == yes ]] && build_flags=(--rebuild)
"$root/corridor-watch" build ${build_flags[@]+"${build_flags[@]}"} || die "the build failed"

name="$(date -u +%F)"
if [[ $quick == yes ]]; then
  report_dir="$here/target/quick"
  settings=(--days 2 --runs 1 --no-warm-up)
  jmh=(-f 1 -wi 1 -w 1s -i 2 -r 1s)
  scaling=(--ports 10 --events-ports 10 --events-days 35)
else
  report_dir="$here/results"
  settings=(--days 28 --runs 3 --p1-parallelism-2)
  jmh=(-f 3 -wi 3 -w 2s -i 5 -r 2s)
  scaling=()
fi
mkdir -p "$report_dir"
# Each half writes parts of its own; the report (<name>.md) and the goals (<name>.json) are put
# together from whichever parts exist at the end, so the halves may run at different times.
report="$report_dir/$name-in-process.md"
report_final="$report_dir/$name.md"
jmh_json="$report_dir/$name-jmh.json"
[[ $parts != kafka || -f $report ]] || die "no in-process part $report yet; run bench/run.sh --no-kafka first"

classpath="$("$root/corridor-watch" classpath bench)"
# the flags Flink's own distribution passes, from the launcher; separate words on purpose
read -r -a opens <<<"$("$root/corridor-watch" jvm-opens)"
in_process() {
  java -Xmx4g "${opens[@]}" -Dlog4j2.configurationFile=corridor-watch-bench-log4j2.xml -cp "$classpath" "$@"
}

if [[ $parts != kafka ]]; then
  started=$SECONDS
  in_process org.corridorwatch.bench.pipeline.ThroughputBench "${settings[@]}" --report-dir "$report_dir" --report-name "$name"
  mv "$report_dir/$name.md" "$report"
  echo "bench: in-process benchmarks took $((SECONDS - started)) s" >&2

  if [[ $quick == no ]]; then
    # One more P1 pass under JFR, not timed (the recording's own cost would skew it): where the
    # whole graph's time goes. The main thread only generates the input, so its samples are left out.
    started=$SECONDS
    JDK_JAVA_OPTIONS="-XX:StartFlightRecording=filename=$report_dir/$name-p1.jfr,settings=profile" \
      in_process org.corridorwatch.bench.pipeline.ThroughputBench --days 28 --runs 3 --no-warm-up --only P1 >/dev/null 2>&1
    java -cp "$classpath" org.corridorwatch.bench.kafka.FlameGraph --jfr "$report_dir/$name-p1.jfr" \
      --svg "$report_dir/$name-p1-flame.svg" --skip-thread main --markdown "$report_dir/$name-p1-hot.md" \
      --title "P1, in process: parse only, then the whole graph, parallelism 1 (3 passes each): where the CPU goes" >&2
    {
      printf '\n## Where P1'"'"'s time goes (JFR, one more pass, not timed)\n\n'
      printf 'The same input, parse only and then the whole graph, 3 passes each at parallelism 1, under JFR (`profile` settings); samples of the main thread, which only generates the input, left out. **Flame graph:** [%s](%s)\n\n' "$name-p1-flame.svg" "$name-p1-flame.svg"
      cat "$report_dir/$name-p1-hot.md"
    } >>"$report"
    rm -f "$report_dir/$name-p1.jfr" "$report_dir/$name-p1-hot.md"
    echo "bench: the P1 profile took $((SECONDS - started)) s" >&2
  fi

  # The codec's cost per record (JMH): its own forked JVMs, so nothing above warms or skews it.
  started=$SECONDS
  java -cp "$classpath" org.openjdk.jmh.Main CodecParseBenchmark "${jmh[@]}" -rf json -rff "$jmh_json" >&2
  {
    printf '\n## Codec: parse cost per record (JMH)\n\n'
    printf 'One border crossing read off the wire: the job'"'"'s parser (`RecordParser`: JSON, every contract check, the bytes kept for dead letters) against Jackson reading the same bytes into a tree and binding them to a record of the same fields (no contract checks, enums and time left as strings). JMH `%s`, average time per record; each fork (a JVM of its own) is one run:\n\n' "${jmh[*]}"
    java -cp "$classpath" org.corridorwatch.bench.codec.JmhForks --json "$jmh_json"
  } >>"$report"
  echo "bench: codec micro-benchmark took $((SECONDS - started)) s" >&2

  # State against ports and events: a JVM of its own, since it loads a catalogue of synthetic ports.
  started=$SECONDS
  in_process org.corridorwatch.bench.pipeline.StateScaling "${scaling[@]}" --report "$report_dir/$name-scaling.md" >/dev/null
  printf '\n' >>"$report"
  cat "$report_dir/$name-scaling.md" >>"$report"
  rm -f "$report_dir/$name-scaling.md"
  echo "bench: state scaling took $((SECONDS - started)) s" >&2
fi

if [[ $quick == yes ]]; then kafka_part="$here/target/kafka-quick"; else kafka_part="$here/results/kafka-$name"; fi
if [[ $parts != in-process && -x $here/kafka.sh ]]; then
  kafka_args=()
  [[ $quick == yes ]] && kafka_args+=(--quick)
  "$here/kafka.sh" "${kafka_args[@]}"
fi

# One report: the goals at a glance, then the in-process figures, then the Kafka ones, each part's
# headings a level down; and every goal with its figure and verdict as JSON.
java -cp "$classpath" org.corridorwatch.bench.BenchGoals --in-process "$report_dir/$name-in-process.json" \
  --codec "$jmh_json" --kafka "$kafka_part.json" --json "$report_dir/$name.json" --markdown "$report_dir/$name-goals.md"
{
  printf '# Benchmarks, %s\n\n## Goals at a glance\n\n' "$name"
  cat "$report_dir/$name-goals.md"
  for part in "$report" "$kafka_part.md"; do
    if [[ -f $part ]]; then printf '\n'; sed 's/^#/##/' "$part"; fi
  done
} >"$report_final"
rm -f "$report_dir/$name-goals.md"
echo "bench: report in $report_final, goals in $report_dir/$name.json" >&2
