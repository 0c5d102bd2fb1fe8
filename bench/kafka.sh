#!/usr/bin/env bash
# The Kafka benchmarks: P4 (events/s of corridor-analytics end to end through a real broker,
# against a pass-through job with the same sources, sinks and checkpoints), P5 (latency at a steady 10K events/s, with
# AlertLatencyProbe via alert-latency.sh) and P6 (backfills of three sizes, each checked against
# the generators' known answers). Starts a fresh broker on 127.0.0.1 with its data in a temporary
# folder; everything it starts, it stops (trap on EXIT). bench/run.sh calls it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

quick=no
runs=3
days=60
# P5: at 10K events/s, 100 days of every catalogue port and the Pingxiang overload are about
# 5 minutes of replay and some 300 alert transitions; the first minute is the job warming up
p5_days=100
p5_scenarios=baseline,pingxiang-overload
p5_warm_up=60s
parallelisms="1 2"
rate=10000
checkpoint_interval=500ms
# P4 and P6 measure throughput: the job's default interval, as a backfill would run
throughput_checkpoint_interval=10s
port=26092
controller_port=26093
p5_port=26094
p5_controller_port=26095
scenarios=(baseline pingxiang-overload)
before_rev=""
p5=yes
keep_work=no
report_name="kafka-$(date -u +%F)"
# P6: backfills of three sizes at parallelism 1, the largest a quarter of a year, to show that the
# time grows linearly and what a year would take
backfill_days="23 46 92"
backfill_given=no

usage() {
  cat <<'USAGE'
Usage: bench/kafka.sh [--quick] [options]

P4, P5 and P6 against a real Kafka broker (KRaft, its own process, 127.0.0.1 only,
data in a temporary folder):

  P4  pre-fills the input topics with the generator (baseline + pingxiang-overload, every
      catalogue port), runs corridor-analytics --bounded (exactly-once sinks, checkpoints every
      10 s, its default) at parallelism 1 on one partition and at 2 on topics of 2 partitions,
      and compares its events/s with a pass-through job run right after it on the same topics
      (the job's own sources, parser, exactly-once sink and checkpoints; every record written
      back as read). Kafka's ConsumerPerformance over the crossings topic is given as well.
  P5  bench/alert-latency.sh at 10,000 events/s asked, checkpoints every 500 ms, 100 days of
      baseline + pingxiang-overload (about 5 minutes, some 300 alert transitions), the first
      minute left out as warm-up: p50/p99/p99.9 of alerts decided and readable, and of
      read_committed utilisation readings.
  P6  backfills of 23, 46 and 92 days of baseline + pingxiang-overload (a quarter of a year)
      at parallelism 1, each from topics of its own, --runs times: their times, a straight
      line fitted through them and a year extrapolated from it; every run's committed readings
      checked against the generators' known answers (UtilisationCheck). Quick mode has no
      sweep: its P4 run stands in.

Each figure is the median of --runs runs with min and max. Full mode also records one extra
job run with JFR at each parallelism and reports its hot methods, GC pauses, CPU per task and a
flame graph (SVG).

Writes bench/results/kafka-<date>.md and .json (full) or bench/target/kafka-quick.md (quick),
and beside it P5's latency CDF of all runs' histograms merged (kafka-<date>-latency-cdf.png or
kafka-quick-latency-cdf.png).

Options:
  --quick                1 run, 5 days, parallelism 1, no JFR; under 3 minutes.
  --compare-with REV     also run the job as of git revision REV (a commit, tag or branch of
                         this repository), built in a folder of its own, on the same pre-filled
                         topics at parallelism 1: its runs alternate with this tree's, it gets a
                         JFR run of its own in full mode, and the report gives this tree ÷ it.
  --parallelisms "LIST"  P4's parallelisms, space-separated. Default: "1 2".
  --report-name NAME     full mode's report: bench/results/NAME.md, .json and the flame graphs
                         NAME-flame-p<parallelism>.svg. Default: kafka-<today>.
  --keep-work            keep the temporary folder (job logs, JFR recordings) after a good run.
  --no-p5                skip P5 (latency), e.g. for a before-and-after of P4 alone.
  --backfill-days "LIST" P6's sizes in days, space-separated, "" for none.
                         Default: "23 46 92" ("" in quick mode).
  --runs N               runs per figure. Default: 3.
  --days N               days of traffic for P4/P6. Default: 60.
  --port N               the broker's client port. Default: 26092 (P5's own broker: N+2).
  --controller-port N    the broker's KRaft controller port. Default: 26093 (P5's: N+2).
  -h, --help             show this help.
USAGE
}

script="kafka-bench"
# shellcheck source=../deploy/common.sh
source "$root/deploy/common.sh"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=yes ;;
    --compare-with) before_rev="${2:?--compare-with needs a git revision}"; shift ;;
    --no-p5) p5=no ;;
    --backfill-days) backfill_days="${2?--backfill-days needs a list such as \"23 46 92\"}" backfill_given=yes; shift ;;
    --keep-work) keep_work=yes ;;
    --report-name) report_name="${2:?--report-name needs a name}"; shift ;;
    --parallelisms) parallelisms="${2:?--parallelisms needs a list such as \"1 2\"}"; shift ;;
    --runs) runs="${2:?--runs needs a number}"; shift ;;
    --days) days="${2:?--days needs a number}"; shift ;;
    --port) port="${2:?--port needs a number}"; shift ;;
    --controller-port) controller_port="${2:?--controller-port needs a number}"; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift
done
if [[ $quick == yes ]]; then
  runs=1 days=5 p5_days=7 p5_warm_up=0s parallelisms="1"
  [[ $backfill_given == yes ]] || backfill_days=""
fi
[[ $runs =~ ^[1-9][0-9]*$ && $days =~ ^[1-9][0-9]*$ ]] || die "--runs and --days must be positive numbers"
[[ $parallelisms =~ ^[1-9][0-9]*( [1-9][0-9]*)*$ ]] || die "--parallelisms must be positive numbers separated by spaces, such as \"1 2\""
[[ -z $backfill_days || $backfill_days =~ ^[1-9][0-9]*( [1-9][0-9]*)*$ ]] || die "--backfill-days must be positive numbers separated by spaces, such as \"23 46 92\", or \"\""
require_port --port "$port"
require_port --controller-port "$controller_port"
p5_port=$((port + 2))
p5_controller_port=$((controller_port + 2))

need_java_and_maven

# A module's classpath from a tree's own launcher, which builds that tree when something is missing
# and names the tree's own jars, so a tree built here (this one, or a --compare-with revision)
# never reads another's. `build` first: a launcher older than its classpath command building
# what is missing builds with it.
tree_classpath() { # tree module
  "$1/corridor-watch" build >&2 && "$1/corridor-watch" classpath "$2"
}

work="$(mktemp -d "${TMPDIR:-/tmp}/corridor-watch-kafka-bench.XXXXXX")"
bootstrap="127.0.0.1:$port"
job_pid=""
job_seconds=""
job_cores=""

stop_job() {
  if [[ -n $job_pid ]] && kill -0 "$job_pid" 2>/dev/null; then
    kill "$job_pid" 2>/dev/null || true
    local deadline=$((SECONDS + 30))
    while kill -0 "$job_pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    kill -9 "$job_pid" 2>/dev/null || true
  fi
  job_pid=""
}

cleanup() {
  local status=$?
  stop_job
  "$root/deploy/local/kafka-broker.sh" stop --data "$work/kafka" >/dev/null 2>&1 || true
  if ((status != 0)); then
    say "failed; logs kept in $work"
  elif [[ $keep_work == yes ]]; then
    say "logs and recordings kept in $work"
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

jobs_cp="$(tree_classpath "$root" jobs)" || die "building this tree failed"
generators_cp="$("$root/corridor-watch" classpath generators)"
bench_cp="$("$root/corridor-watch" classpath bench)"
before_tree=""
before_cp=""
if [[ -n $before_rev ]]; then
  before_commit="$(git -C "$root" rev-parse --verify --quiet "$before_rev^{commit}")" ||
    die "--compare-with: '$before_rev' is not a revision of this repository"
  before_tree="$work/before"
  mkdir -p "$before_tree"
  git -C "$root" archive "$before_commit" | tar -x -C "$before_tree"
  before_cp="$(tree_classpath "$before_tree" jobs)" || die "building $before_rev failed"
fi
# Other programs on the machine skew every figure here; the load average says whether there were any.
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

"$root/deploy/local/kafka-broker.sh" start --port "$port" --controller-port "$controller_port" --data "$work/kafka" >&2
broker_cp="$("$root/corridor-watch" classpath deploy/local)"

# Each pre-filled dataset has a name: p1, p2, ... for P4 at that parallelism, bf<days> for P6.
# p1 is on the contract's topics, of one partition: the known answers assume one ordered stream
# (jobs/README.md, several partitions), and the checks compare with them. Every other set has
# topics of its own, of as many partitions as its parallelism, so each source subtask reads one.
in_topics() { # set -> the replay's and the job's input topic options
  if [[ $1 == p1 ]]; then
    echo ""
  else
    echo "--topic-crossings bench.in-$1.border-crossings --topic-shipments bench.in-$1.shipments --topic-control bench.in-$1.control"
  fi
}
crossings_topic() { [[ $1 == p1 ]] && echo corridor.border-crossings.v1 || echo "bench.in-$1.border-crossings"; }

# Sets events and crossings: how many records, and crossings among them, the replay sent.
prefill() { # set partitions days
  local set=$1 partitions=$2 span=$3 summary
  say "pre-filling the input topics of $set ($partitions partition(s)): ${scenarios[*]}, $span days, as fast as the generator goes ..."
  # shellcheck disable=SC2046 # the topic options are separate words
  java -cp "$generators_cp" org.corridorwatch.generators.ReplayCommand "${scenarios[@]}" --days "$span" \
    --bootstrap-servers "$bootstrap" --partitions "$partitions" $(in_topics "$set") --expected "$work/expected-$set.json" --no-progress \
    >"$work/replay-$set.out" 2>"$work/replay-$set.log" || die "the replay failed; see $work/replay-$set.log"
  # the replay's summary line: "sent 159,229 records in ... [corridor.border-crossings.v1 159,229]"
  summary="$(grep -h 'corridor-watch replay: sent' "$work/replay-$set.out" "$work/replay-$set.log" | head -n 1)"
  events="$(sed -n 's/.* sent \([0-9,]\{1,\}\) records.*/\1/p' <<<"$summary" | tr -d ,)"
  crossings="$(sed -n "s/.*$(crossings_topic "$set") \\([0-9,]\\{1,\\}\\).*/\\1/p" <<<"$summary" | tr -d ,)"
  [[ -n $events && -n $crossings ]] || die "could not read how many records the replay sent; see $work/replay-$set.log"
  say "pre-filled $events records ($crossings crossings) for $set"
}

for p in $parallelisms; do
  prefill "p$p" "$p" "$days"
done
p4_events=$events

runs_file="$work/runs.tsv"
: >"$runs_file"

# The raw rate: Kafka's own consumer benchmark over each crossings topic, from its start to end.
for p in $parallelisms; do
  for ((r = 1; r <= runs; r++)); do
    java -Xmx1g -cp "$broker_cp" org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$bootstrap" \
      --topic "$(crossings_topic "p$p")" --messages "$crossings" --timeout 60000 >"$work/raw-p$p-$r.out" 2>&1 ||
      die "ConsumerPerformance failed; see $work/raw-p$p-$r.out"
    # columns: start, end, MB, MB/s, messages, messages/s, ...
    read -r n per_s < <(tail -n 1 "$work/raw-p$p-$r.out" | awk -F', ' '{print $5, $6}')
    ((n == crossings)) || die "ConsumerPerformance read $n of $crossings records; see $work/raw-p$p-$r.out"
    printf 'raw\t%d\t%d\t%d\t%s\t-\n' "$p" "$r" "$n" "$(awk -v n="$n" -v r="$per_s" 'BEGIN {printf "%.3f", n / r}')" >>"$runs_file"
    say "raw consumer, $p partition(s), run $r: $per_s records/s"
  done
done

# Sets cpu_now: CPU seconds (user + system) of every child this shell has waited for, so far.
# 'times' must run in this shell: in a pipeline or a command substitution it would report a fresh
# subshell's, which has waited for nobody.
cpu_now=""
children_cpu() {
  times >"$work/times"
  cpu_now="$(awk 'NR == 2 {
    n = split($0, t, " "); s = 0
    for (i = 1; i <= n; i++) { split(t[i], ms, "m"); s += ms[1] * 60 + substr(ms[2], 1, length(ms[2]) - 1) }
    printf "%.3f", s }' "$work/times")"
}

# HH:MM:SS.mmm of the job's log to milliseconds of the day
log_millis() { awk -F'[:.]' '{print (($1 * 60 + $2) * 60 + $3) * 1000 + $4}' <<<"$1"; }

# One bounded run into its own output topics, so each run's output can be checked alone. Sets
# job_seconds: the job's time from RUNNING to FINISHED, taken from its own log. Not run in a
# command substitution: the job's pid must stay visible to the EXIT trap. The job runs as
# './corridor-watch job' runs it, from the given tree's own jars and JVM flags.
run_job() { # tag parallelism [what: job (this tree's), before (--compare-with's) or pass (the baseline)] [set]
  local tag=$1 parallelism=$2 what=${3:-job} set=${4:-p$2} log="$work/job-$1.log" opens extra=()
  local tree=$root cp=$jobs_cp main=org.corridorwatch.jobs.CorridorAnalyticsJob cpu_before wall_before
  children_cpu
  cpu_before=$cpu_now
  wall_before="$(date +%s.%N)"
  case $what in
    before) tree=$before_tree cp=$before_cp ;;
    pass) cp=$bench_cp main=org.corridorwatch.bench.kafka.PassThroughJob extra=(--topic-out "bench.$tag.pass-through") ;;
  esac
  # from the tree's pom, not its launcher: a --compare-with revision may predate `jvm-opens`
  opens="$(sed -n 's:.*<flink.jvm.opens>\(.*\)</flink.jvm.opens>.*:\1:p' "$tree/pom.xml")"
  # an older job may have fewer outputs; every output this one has goes to the run's own topic
  # an older tree declares the job's topic options in AnalyticsOptions, a newer one in the model's mixin
  if grep -qs -- '--topic-port-waits' "$tree/jobs/src/main/java/org/corridorwatch/jobs/AnalyticsOptions.java" \
    "$tree/model/src/main/java/org/corridorwatch/model/kafka/OutputTopicsOptions.java"; then
    extra+=(--topic-port-waits "bench.$tag.port-waits")
  fi
  # shellcheck disable=SC2046,SC2086 # the topic options and JVM flags are separate words
  java $opens -Dlog4j2.configurationFile="$tree/deploy/local/log4j2-local.xml" \
    -cp "$cp" "$main" \
    --bootstrap-servers "$bootstrap" --bounded --parallelism "$parallelism" \
    --checkpoint-interval "$throughput_checkpoint_interval" --checkpoint-dir "file://$work/checkpoints-$tag" \
    --partitions "$parallelism" $(in_topics "$set") --transactional-id-prefix "bench-$tag" \
    --topic-utilisation "bench.$tag.port-utilisation" --topic-balance "bench.$tag.trade-balance" \
    --topic-alerts "bench.$tag.alerts" --topic-dead-letters "bench.$tag.deadletter" "${extra[@]}" >"$log" 2>&1 &
  job_pid=$!
  local deadline=$((SECONDS + 1800))
  while kill -0 "$job_pid" 2>/dev/null; do
    ((SECONDS < deadline)) || die "job run $tag did not finish within 30 min; see $log"
    sleep 0.5
  done
  wait "$job_pid" || die "job run $tag failed; see $log"
  job_pid=""
  # how many of the machine's cores the job's process kept busy, start to exit: the job at
  # parallelism 1 already runs a thread per task, so this says whether a higher one has room
  children_cpu
  job_cores="$(awk -v c0="$cpu_before" -v c1="$cpu_now" -v w0="$wall_before" -v w1="$(date +%s.%N)" \
    'BEGIN {printf "%.2f", (c1 - c0) / (w1 - w0)}')"
  local started finished
  started="$(grep -m 1 'Job corridor-[a-z-]* .* switched from state CREATED to RUNNING' "$log" | cut -c1-12)"
  finished="$(grep -m 1 'Job corridor-[a-z-]* .* switched from state RUNNING to FINISHED' "$log" | cut -c1-12)"
  [[ -n $started && -n $finished ]] || die "job run $tag: no RUNNING/FINISHED lines in $log"
  local ms=$(($(log_millis "$finished") - $(log_millis "$started")))
  ((ms >= 0)) || ms=$((ms + 86400000)) # the run passed midnight
  job_seconds="$(awk -v ms="$ms" 'BEGIN {printf "%.3f", ms / 1000}')"
}

check_output() { # tag set
  local tag=$1 set=$2
  if java -cp "$generators_cp" org.corridorwatch.generators.answers.UtilisationCheck \
    --expected "$work/expected-$set.json" --bootstrap-servers "$bootstrap" \
    --topic-crossings "$(crossings_topic "$set")" \
    --topic-utilisation "bench.$tag.port-utilisation" --bounded --quiet 5s --timeout 3m >"$work/check-$tag.log" 2>&1; then
    echo PASS
  else
    echo FAIL
  fi
}

for p in $parallelisms; do
  for ((r = 1; r <= runs; r++)); do
    # the revision compared with runs just before each of this tree's runs at parallelism 1
    if [[ -n $before_tree ]] && ((p == 1)); then
      tag="before-p$p-r$r"
      run_job "$tag" "$p" before
      seconds=$job_seconds
      check="$(check_output "$tag" "p$p")"
      printf 'before\t%d\t%d\t%d\t%s\t%s\t%s\n' "$p" "$r" "$events" "$seconds" "$check" "$job_cores" >>"$runs_file"
      say "job at $before_rev, parallelism $p run $r: $events records in $seconds s, $job_cores cores busy; known answers: $check"
    fi
    tag="p$p-r$r"
    run_job "$tag" "$p"
    seconds=$job_seconds
    cores=$job_cores
    check="$(check_output "$tag" "p$p")"
    printf 'job\t%d\t%d\t%d\t%s\t%s\t%s\n' "$p" "$r" "$events" "$seconds" "$check" "$cores" >>"$runs_file"
    say "job parallelism $p run $r: $events records in $seconds s, $cores cores busy; known answers: $check"
    # the baseline right after, on the same topics, so both see the same machine
    run_job "pass-p$p-r$r" "$p" pass
    printf 'pass\t%d\t%d\t%d\t%s\t-\t%s\n' "$p" "$r" "$events" "$job_seconds" "$job_cores" >>"$runs_file"
    say "pass-through parallelism $p run $r: $events records in $job_seconds s, $job_cores cores busy"
  done
done

# P6: one dataset per size, its runs one after another; only the job, no baseline
backfill_file="$work/backfill.tsv"
: >"$backfill_file"
for d in $backfill_days; do
  prefill "bf$d" 1 "$d"
  for ((r = 1; r <= runs; r++)); do
    tag="bf$d-r$r"
    run_job "$tag" 1 job "bf$d"
    check="$(check_output "$tag" "bf$d")"
    printf '%d\t%d\t%d\t%s\t%s\t%s\n' "$d" "$r" "$events" "$job_seconds" "$check" "$job_cores" >>"$backfill_file"
    say "backfill of $d days, run $r: $events records in $job_seconds s, $job_cores cores busy; known answers: $check"
  done
done

report_args=()
[[ -z $backfill_days ]] || report_args+=(--backfill "$backfill_file")
flames=()
before_flame=""
if [[ $quick == no ]]; then
  # One more run at each parallelism under JFR (the 'profile' settings sample every 10 ms), not
  # counted in the figures: the recording's own cost would skew them. Side by side they show
  # where a higher parallelism spends what it does not gain.
  for p in $parallelisms; do
    say "one more job run with JFR at parallelism $p, for where the time goes ..."
    JDK_JAVA_OPTIONS="-XX:StartFlightRecording=filename=$work/job-p$p.jfr,settings=profile" \
      run_job "jfr-p$p" "$p"
    report_args+=(--jfr "$p=$work/job-p$p.jfr")
    flames+=("$report_name-flame-p$p.svg")
    java -cp "$bench_cp" org.corridorwatch.bench.kafka.FlameGraph --jfr "$work/job-p$p.jfr" --svg "$here/results/$report_name-flame-p$p.svg" \
      --title "corridor-analytics at parallelism $p, $days days of ${scenarios[*]}: where the CPU goes" >&2
  done
fi
# the compared revision's JFR run reads the topics of parallelism 1
if [[ $quick == no && " $parallelisms " == *" 1 "* ]]; then
  if [[ -n $before_tree ]]; then
    say "one more run of the job at $before_rev with JFR ..."
    JDK_JAVA_OPTIONS="-XX:StartFlightRecording=filename=$work/before.jfr,settings=profile" \
      run_job before-jfr 1 before
    report_args+=(--before-jfr "$work/before.jfr")
    before_flame="$report_name-before-flame.svg"
    java -cp "$bench_cp" org.corridorwatch.bench.kafka.FlameGraph --jfr "$work/before.jfr" --svg "$here/results/$before_flame" \
      --title "corridor-analytics at $before_rev, parallelism 1, $days days of ${scenarios[*]}: where the CPU goes" >&2
  fi
fi

# P5 starts its own broker: stop this one so the two do not share the machine.
"$root/deploy/local/kafka-broker.sh" stop --data "$work/kafka" >/dev/null

p5_runs=$runs
[[ $p5 == yes ]] || p5_runs=0
for ((r = 1; r <= p5_runs; r++)); do
  say "P5 run $r: alert-latency.sh at $rate events/s ..."
  "$here/alert-latency.sh" --rate "$rate" --checkpoint-interval "$checkpoint_interval" --days "$p5_days" \
    --scenario "$p5_scenarios" --warm-up "$p5_warm_up" \
    --port "$p5_port" --controller-port "$p5_controller_port" --report "$work/latency-$r.json" >"$work/latency-$r.out" 2>&1 ||
    die "alert-latency.sh failed; see $work/latency-$r.out"
  report_args+=(--latency "$work/latency-$r.json")
done

if [[ $quick == yes ]]; then
  mkdir -p "$here/target"
  markdown="$here/target/kafka-quick.md"
  json="$here/target/kafka-quick.json"
else
  markdown="$here/results/$report_name.md"
  json="$here/results/$report_name.json"
fi
[[ -z $before_rev ]] || report_args+=(--before-revision "$before_rev")
java -cp "$bench_cp" org.corridorwatch.bench.kafka.KafkaBenchReport --runs "$runs_file" "${report_args[@]}" \
  --dataset "${scenarios[*]}, $days days from 2019-07-01 (seed 20190701), as many partitions per topic as the run's parallelism, $p4_events records" \
  --checkpoint-interval "$checkpoint_interval" --throughput-checkpoint-interval "$throughput_checkpoint_interval" --rate "$rate" --mode "$([[ $quick == yes ]] && echo quick || echo full)" \
  --markdown "$markdown" --json "$json"
for flame in ${flames[@]+"${flames[@]}"}; do
  printf '\n**Flame graph** of the JFR run at parallelism %s (box width = share of CPU samples; green ours, orange Flink CEP, ochre Flink state and timers, salmon the rest of Flink, blue Kafka, grey the JDK; open the SVG to hover over a box): [%s](%s)\n' \
    "$(sed 's/.*-flame-p\([0-9]*\)\.svg/\1/' <<<"$flame")" "$flame" "$flame" >>"$markdown"
done
if [[ -n $before_flame ]]; then
  printf '**Flame graph** of the JFR run of the job at `%s`: [%s](%s)\n\n' "$before_rev" "$before_flame" "$before_flame" >>"$markdown"
fi
printf '**Load average** (1, 5, 15 min) before: %s; after: %s. Above the 2 cores means other programs shared them.\n' \
  "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$markdown"
cat "$markdown"
