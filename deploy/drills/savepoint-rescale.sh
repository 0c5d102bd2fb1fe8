#!/usr/bin/env bash
# Fault drill, savepoint and rescale: on the real standalone cluster, a replay with
# known answers fed in four parts; between parts the job is stopped with a savepoint and resumed:
# from a savepoint of the previous commit's job jar, at parallelism 1->2, then 2->1, then 1->2.
# The committed utilisation readings must equal the known answers: nothing lost, nothing doubled.
# Each resume is timed: savepoint taken -> job RUNNING -> output flowing again.
#
# The helpers above main() are shared with poison-clock.sh, which sources this file.
set -euo pipefail
drills="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../standalone/lib.sh
source "$drills/../standalone/lib.sh"

# --- shared by the standalone drills ------------------------------------------------------------
rest_port=24081
rpc_port=24123
blob_port=24124
kafka_port=24092
kafka_controller_port=24093
results=""
keep=no
build=yes
work=""
watcher_pid=""
previous_tree=""
drill_started=$SECONDS
results_written=no
drill_name=""

# One-line error for a bad option value.
need_number() { [[ $2 =~ ^[0-9]+$ ]] || die "$1 must be a number, got '$2'"; }

# The generators (replay, known answers, checker) and the job jar of this tree, built by one
# reactor run (never 'mvn install': the shared local repository keeps its jars). With --no-build,
# what is in target/ is used, as deploy/standalone/e2e.sh does.
drill_build() {
  if [[ $build == yes || ! -s "$root/generators/target/classpath.txt" ]] ||
    ! ls "$root"/jobs/target/corridor-watch-jobs-*-job.jar >/dev/null 2>&1; then
    say "building seeds, generators and jobs of this tree (mvn package, tests skipped) ..."
    (cd "$root" && mvn -q -B -pl seeds,generators,jobs -am -DskipTests -Dspotless.check.skip=true \
      package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.excludeScope=test >&2) ||
      die "the build failed"
  fi
  local jar
  jar="$(ls "$root"/generators/target/corridor-watch-generators-*.jar | grep -v -e '-tests.jar' -e '-sources.jar' | head -n 1)"
  generators_cp="$jar:$(cat "$root/generators/target/classpath.txt")"
}

generators() { java -cp "$generators_cp" "$@"; }

# Starts the cluster with a data folder under the drill's work folder, on the drill's ports.
drill_up() {
  cluster="$work/cluster"
  bootstrap="127.0.0.1:$kafka_port"
  "$here/up" --data "$cluster" --rest-port "$rest_port" --rpc-port "$rpc_port" --blob-port "$blob_port" \
    --kafka-port "$kafka_port" --kafka-controller-port "$kafka_controller_port" >&2
  data="$cluster"
  REST_PORT=$rest_port
}

# Follows the committed utilisation readings (read_committed) into $work/utilisation.txt, one
# "key value" line each, so the drill can see when output flows and count doubles itself. Start
# it once the job has created its topics: kcat gives up on a topic that does not exist.
drill_watch_output() {
  command -v kcat >/dev/null 2>&1 || die "kcat not found; install it (Debian: apt-get install kcat)"
  : >"$work/utilisation.txt"
  kcat -b "$bootstrap" -C -t corridor.port-utilisation.v1 -o beginning -u -q \
    -X isolation.level=read_committed -f '%k %s\n' >>"$work/utilisation.txt" 2>"$work/kcat.log" &
  watcher_pid=$!
}

readings_seen() { wc -l <"$work/utilisation.txt" | tr -d ' '; }
now() { date +%s.%N; }
seconds_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# Waits until more than $1 readings were committed; prints the time it saw that.
wait_output_beyond() {
  local before=$1 timeout=$2 deadline=$((SECONDS + $2))
  while (($(readings_seen) <= before)); do
    ((SECONDS < deadline)) || die "no new committed reading within $timeout s (still $before)"
    sleep 0.2
  done
  now
}

# THE CHECK, in one place so it can be switched to the drills' verifier: the committed readings
# against expected.json (UtilisationCheck: every reading up to the job's watermark, each exactly
# once, in window order), and doubles counted independently in what kcat saw. Sets lost,
# duplicated, rewritten and check_notes; returns non-zero when they are not equal.
check_outputs() {
  local expected=$1 out status=0
  out="$(generators org.corridorwatch.generators.answers.UtilisationCheck --expected "$expected" \
    --bootstrap-servers "$bootstrap" --quiet 5s --timeout 3m 2>&1)" || status=$?
  echo "$out" >&2
  lost="$(grep -o '[0-9]* expected readings missing' <<<"$out" | grep -o '^[0-9]*' || echo 0)"
  # a reading is its port and window: the line up to "trips" (key, schema, portId, window)
  duplicated="$(sed 's/"trips".*//' "$work/utilisation.txt" | sort | uniq -d | wc -l | tr -d ' ')"
  # a (port, window end) written again, equal figures or not (UtilisationCheck's rewritten count)
  rewritten="$(grep -o '[0-9]* readings rewrote' <<<"$out" | grep -o '^[0-9]*' || echo 0)"
  check_notes="$(grep -m1 -e 'utilisation-check:' <<<"$out" | tr '"' "'" || true)"
  if ((status != 0 && lost == 0 && duplicated == 0)); then
    # not equal for another reason (extras, order, incomplete): count the extras as doubles
    duplicated="$(grep -o '[0-9]* readings not expected' <<<"$out" | grep -o '^[0-9]*' || echo 1)"
  fi
  return "$status"
}

# Writes the drill's result file: {"drill","runs","lost","duplicated","rewritten",
# "recoverySeconds","verdict","notes"}.
write_results() {
  local drill=$1 runs=$2 recovery=$3 verdict=$4 notes=$5
  [[ -n $results ]] || return 0
  mkdir -p "$(dirname "$results")"
  printf '{"drill":"%s","runs":%s,"lost":%s,"duplicated":%s,"rewritten":%s,"recoverySeconds":[%s],"verdict":"%s","notes":"%s"}\n' \
    "$drill" "$runs" "${lost:-0}" "${duplicated:-0}" "${rewritten:-0}" "$recovery" "$verdict" "${notes//\"/\'}" >"$results"
  results_written=yes
  say "results written to $results"
}

# Stops everything the drill started and fails when a process of it is left behind: every process
# of the drill has its work folder on its command line (cluster config, logs, data, kcat's file
# is not, so kcat is stopped by pid).
drill_cleanup() {
  local status=$1
  trap - EXIT
  if ((status != 0)) && [[ $results_written == no ]]; then
    # stopped before its check (a die, Ctrl-C): still a result, so run-all.sh can report it
    write_results "$drill_name" 0 "" FAIL "aborted before the check (exit $status); logs in $work"
  fi
  if [[ -n $watcher_pid ]]; then kill "$watcher_pid" 2>/dev/null || true; fi
  if [[ -n ${cluster:-} && -d ${cluster:-/nonexistent} ]]; then
    "$here/down" --data "$cluster" >/dev/null 2>&1 || true
  fi
  if [[ -n $previous_tree ]]; then
    git -C "$root" worktree remove --force "$previous_tree" >/dev/null 2>&1 || true
  fi
  local left=""
  if [[ -n $work ]]; then left="$(pgrep -f "$work" || true)"; fi
  if [[ -n $watcher_pid ]] && kill -0 "$watcher_pid" 2>/dev/null; then left="$left $watcher_pid"; fi
  if [[ -n ${left// /} ]]; then
    echo "$script: FAILED: processes left behind: $(tr '\n' ' ' <<<"$left")" >&2
    # shellcheck disable=SC2086 # one pid per word
    kill -9 $left 2>/dev/null || true
    status=1
  fi
  if ((status == 0)); then
    echo "$script: passed in $((SECONDS - drill_started)) s; no process left"
    [[ $keep == yes ]] && echo "$script: data kept in $work" || rm -rf "$work"
  else
    echo "$script: FAILED (exit $status) after $((SECONDS - drill_started)) s; logs kept in $work" >&2
  fi
  exit "$status"
}

# Parses the options every standalone drill takes; the rest is left in drill_args.
drill_options() {
  drill_args=()
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --results) results="${2:?--results needs a file}"; shift ;;
      --rest-port) rest_port="${2:?--rest-port needs a number}"; shift ;;
      --rpc-port) rpc_port="${2:?--rpc-port needs a number}"; shift ;;
      --blob-port) blob_port="${2:?--blob-port needs a number}"; shift ;;
      --kafka-port) kafka_port="${2:?--kafka-port needs a number}"; shift ;;
      --kafka-controller-port) kafka_controller_port="${2:?--kafka-controller-port needs a number}"; shift ;;
      --keep) keep=yes ;;
      --no-build) build=no ;;
      *) drill_args+=("$1") ;;
    esac
    shift
  done
  local p
  for p in "$rest_port" "$rpc_port" "$blob_port" "$kafka_port" "$kafka_controller_port"; do
    need_number "a port" "$p"
  done
  if [[ -n $results ]]; then
    mkdir -p "$(dirname "$results")" || die "cannot create the folder of --results $results"
    results="$(cd "$(dirname "$results")" && pwd)/$(basename "$results")"
  fi
}

COMMON_OPTIONS='  --results FILE             write the drill'"'"'s figures as JSON to FILE (drill, runs, lost,
                             duplicated, rewritten, recoverySeconds, verdict, notes).
  --rest-port N, --rpc-port N, --blob-port N
                             the cluster'"'"'s ports. Defaults: 24081, 24123, 24124.
  --kafka-port N, --kafka-controller-port N
                             the broker'"'"'s ports. Defaults: 24092, 24093.
  --no-build                 use the jars in target/ instead of building this tree first.
  --keep                     keep the work folder (cluster logs, savepoints) even on success.
  -h, --help                 show this help.'

# --- this drill ---------------------------------------------------------------------------------
previous="HEAD~1"
days=4

usage() {
  cat <<USAGE
Usage: deploy/drills/savepoint-rescale.sh [options]

Savepoint and rescale drill on the standalone cluster (deploy/standalone) with a Kafka broker,
all on temporary data and the ports below. A replay of pingxiang-overload with its known
answers is sent in four parts:

  1. the previous commit's job jar (--previous), parallelism 1, reads part 1;
     stop-with-savepoint;
  2. this tree's job jar resumes that savepoint at parallelism 2 (previous jar -> this one,
     1 -> 2) and reads part 2; stop-with-savepoint;
  3. resumed at parallelism 1 (2 -> 1), reads part 3; stop-with-savepoint;
  4. resumed at parallelism 2 (1 -> 2, this jar's own savepoint), reads part 4.

Each next part is sent while the job resumes. Then the committed readings
(corridor.port-utilisation.v1, read_committed) must equal the known answers
(UtilisationCheck): nothing lost, nothing doubled. Each resume is timed: savepoint taken ->
job RUNNING -> first new committed reading. Exit code 0 only on PASS with no process left.

--previous must name a commit whose job state is compatible with this tree's (the operator
uids, state descriptors and serializers that StateCompatibilityITCase guards), and whose job
accepts --checkpoint-interval and --partitions. It is built in a temporary git worktree.

Options:
  --previous REF             the commit whose job jar takes the first savepoint. Default: HEAD~1.
  --days N                   days of the replay. Default: 4.
$COMMON_OPTIONS
USAGE
}

# Builds the job jar of $previous in a temporary worktree and sets previous_jar. Not called in a
# command substitution: the cleanup must see previous_tree to remove the worktree.
build_previous_jar() {
  local commit
  commit="$(git -C "$root" rev-parse --verify --quiet "$previous^{commit}")" ||
    die "--previous $previous is not a commit of this repository"
  previous_tree="$work/previous"
  git -C "$root" worktree add --detach "$previous_tree" "$commit" >/dev/null 2>&1 ||
    die "could not check out $previous into a temporary worktree"
  say "building the job jar of $previous ($(git -C "$root" log -1 --format='%h %s' "$commit" | cut -c1-70)) ..."
  (cd "$previous_tree" && mvn -q -B -pl jobs -am package -DskipTests -Dspotless.check.skip=true >&2) ||
    die "building the job jar of $previous failed"
  previous_jar="$(ls "$previous_tree"/jobs/target/corridor-watch-jobs-*-job.jar | head -n 1)"
}

# Sends one part of the replay (a JSON-lines file of the dry run) to the cluster's broker.
send_part() {
  generators org.corridorwatch.generators.ReplayCommand --file "$1" \
    --bootstrap-servers "$bootstrap" --partitions 1 --no-progress >&2 2>>"$work/replay.log"
}

main() {
  drill_options "$@"
  set -- "${drill_args[@]+"${drill_args[@]}"}"
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --previous) previous="${2:?--previous needs a commit}"; shift ;;
      --days) days="${2:?--days needs a number}"; shift ;;
      -h | --help) usage; exit 0 ;;
      *) die "unknown option '$1' (see --help)" ;;
    esac
    shift
  done
  need_number --days "$days"
  ((days >= 2)) || die "--days must be at least 2"
  need_tools

  work="$(mktemp -d "${TMPDIR:-/tmp}/corridor-watch-drill-savepoint.XXXXXX")"
  trap 'drill_cleanup $?' EXIT
  trap 'exit 130' INT TERM

  drill_build
  build_previous_jar

  # the whole replay once, as JSON lines, with its known answers; then cut into four parts
  generators org.corridorwatch.generators.ReplayCommand pingxiang-overload --days "$days" --dry-run \
    --expected "$work/expected.json" --no-progress >"$work/replay.jsonl" 2>>"$work/replay.log"
  local total
  total="$(wc -l <"$work/replay.jsonl" | tr -d ' ')"
  split -l $(((total + 3) / 4)) -d -a 1 "$work/replay.jsonl" "$work/part-"
  say "replay of $total records cut into 4 parts"

  drill_up

  local args=(--bootstrap-servers "$bootstrap" --checkpoint-interval 1s --partitions 1)
  say "stage 1: the previous commit's jar ($previous), parallelism 1"
  local job
  job="$(run_job "$previous_jar" 1 "" "${args[@]}")"
  record_submission 1 "${args[@]}"
  wait_running "$job" 120
  drill_watch_output # the job has created its topics
  send_part "$work/part-0"
  wait_output_beyond 0 120 >/dev/null

  local recovery=() steps=() stage parallelism from
  for stage in 2 3 4; do
    case $stage in
      2) parallelism=2 from="previous jar, parallelism 1 -> this jar, 2" ;;
      3) parallelism=1 from="parallelism 2 -> 1" ;;
      4) parallelism=2 from="parallelism 1 -> 2" ;;
    esac
    local savepoint t_savepoint seen t_running t_output replay_pid
    savepoint="$("$here/savepoint" --data "$cluster")"
    t_savepoint="$(now)"
    seen="$(readings_seen)"
    say "stage $stage: savepoint $savepoint after $seen readings; resuming ($from)"
    send_part "$work/part-$((stage - 1))" &
    replay_pid=$!
    "$here/resume" --data "$cluster" --savepoint "$savepoint" --parallelism "$parallelism" >/dev/null
    t_running="$(now)"
    t_output="$(wait_output_beyond "$seen" 180)"
    wait "$replay_pid" || die "sending part $stage failed; see $work/replay.log"
    recovery+=("$(seconds_between "$t_savepoint" "$t_output")")
    steps+=("$from: RUNNING after $(seconds_between "$t_savepoint" "$t_running") s, output after $(seconds_between "$t_savepoint" "$t_output") s")
    say "stage $stage: ${steps[-1]}"
  done

  local verdict=PASS status=0
  check_outputs "$work/expected.json" || { verdict=FAIL; status=1; }
  ((lost == 0 && duplicated == 0 && rewritten == 0)) || { verdict=FAIL; status=1; }
  local notes
  notes="pingxiang-overload $days days in 4 parts, 1 partition per topic, checkpoints every 1 s; previous jar $(git -C "$root" rev-parse --short "$previous"); recovery = savepoint completed -> first new committed reading; $(IFS=';'; echo "${steps[*]}"); $check_notes"
  write_results savepoint-rescale 3 "$(IFS=,; echo "${recovery[*]}")" "$verdict" "$notes"
  say "$verdict: lost $lost, duplicated $duplicated, rewritten $rewritten; recovery seconds ${recovery[*]}"
  return "$status"
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  script="drill savepoint-rescale"
  drill_name=savepoint-rescale
  main "$@"
fi
