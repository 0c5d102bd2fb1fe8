#!/usr/bin/env bash
# Fault drill, savepoint and rescale: on the real standalone cluster, a replay with
# known answers fed in four parts; between parts the job is stopped with a savepoint and resumed:
# from a savepoint of the previous commit's job jar, at parallelism 1->2, then 2->1, then 1->2.
# The committed utilisation readings must equal the known answers: nothing lost, nothing doubled.
# Each resume is timed: savepoint taken -> job RUNNING -> output flowing again.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

previous="HEAD~1"
days=4
build=yes
previous_tree=""
previous_commit=""

usage() {
  cat <<'USAGE'
Usage: deploy/drills/savepoint-rescale.sh --results FILE [options]

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
Needs kcat (Debian: apt-get install kcat).

--previous must name a commit whose job state is compatible with this tree's (the operator
uids, state descriptors and serializers that StateCompatibilityITCase guards), and whose job
accepts --checkpoint-interval and --partitions. It is built in a temporary git worktree.

Options:
  --previous REF            the commit whose job jar takes the first savepoint. Default: HEAD~1.
  --days N                  days of the replay, at least 2. Default: 4.
  --no-build                build this tree only where jars are missing, instead of building it
                            all first (./corridor-watch build --rebuild).
USAGE
  common_usage
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --previous) previous="${2:?--previous needs a commit}"; shift 2 ;;
    --days) days="${2:?--days needs a number}"; shift 2 ;;
    --no-build) build=no; shift ;;
    -h | --help) usage; exit 0 ;;
    *) common_option "$@" || die "unknown option '$1' (see --help)"; shift "$shift_by" ;;
  esac
done
check_readings_drill

# The previous commit's worktree goes with the drill's folder, on success or not.
remove_previous_tree() {
  if [[ -n $previous_tree ]]; then
    git -C "$root" worktree remove --force "$previous_tree" >/dev/null 2>&1 || true
  fi
}
cleanup_hooks+=(remove_previous_tree)

# Builds the job jar of $previous in a temporary worktree and sets previous_jar. Not called in a
# command substitution: the cleanup must see previous_tree to remove the worktree. Only the job
# jar, by Maven itself: that commit's launcher may differ from this one.
build_previous_jar() {
  local commit
  commit="$(git -C "$root" rev-parse --verify --quiet "$previous^{commit}")" ||
    die "--previous $previous is not a commit of this repository"
  # the notes name this commit: HEAD~1 may mean another one by the time the drill ends
  previous_commit="$(git -C "$root" rev-parse --short "$commit")"
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
  java_tool org.corridorwatch.generators.ReplayCommand --file "$1" \
    --bootstrap-servers "$bootstrap" --partitions 1 --no-progress >&2 2>>"$work/replay.log"
}

# this tree is what the previous commit's savepoint is restored into: build it as it is now
if [[ $build == yes ]]; then
  "$root/corridor-watch" build --rebuild || die "building this tree failed"
fi
drill_prepare
build_previous_jar

# the whole replay once, as JSON lines, with its known answers; then cut into four parts
java_tool org.corridorwatch.generators.ReplayCommand pingxiang-overload --days "$days" --dry-run \
  --expected "$work/expected.json" --no-progress >"$work/replay.jsonl" 2>>"$work/replay.log"
total="$(wc -l <"$work/replay.jsonl" | tr -d ' ')"
split -l $(((total + 3) / 4)) -d -a 1 "$work/replay.jsonl" "$work/part-"
say "replay of $total records cut into 4 parts"

drill_cluster_up

args=(--bootstrap-servers "$bootstrap" --checkpoint-interval 1s --partitions 1)
say "stage 1: the previous commit's jar ($previous), parallelism 1"
job="$(run_job "$previous_jar" 1 "" "${args[@]}")"
record_submission 1 "${args[@]}"
wait_running "$job" 120
readings_watch_start # the job has created its topics
send_part "$work/part-0"
wait_readings_beyond 0 120 >/dev/null

recovery=()
steps=()
for stage in 2 3 4; do
  case $stage in
    2) parallelism=2 from="previous jar, parallelism 1 -> this jar, 2" ;;
    3) parallelism=1 from="parallelism 2 -> 1" ;;
    4) parallelism=2 from="parallelism 1 -> 2" ;;
  esac
  savepoint="$("$standalone/savepoint" --data "$cluster")"
  t_savepoint="$(now_ms)"
  seen="$(readings_seen)"
  say "stage $stage: savepoint $savepoint after $seen readings; resuming ($from)"
  send_part "$work/part-$((stage - 1))" &
  part_pid=$!
  background_pids+=("$part_pid")
  "$standalone/resume" --data "$cluster" --savepoint "$savepoint" --parallelism "$parallelism" >/dev/null
  t_running="$(now_ms)"
  t_output="$(wait_readings_beyond "$seen" 180)"
  wait "$part_pid" || die "sending part $stage failed; see $work/replay.log"
  recovery+=("$(seconds_between "$t_savepoint" "$t_output")")
  steps+=("$from: RUNNING after $(seconds_between "$t_savepoint" "$t_running") s, output after $(seconds_between "$t_savepoint" "$t_output") s")
  say "stage $stage: ${steps[-1]}"
done

verdict=PASS
check_readings "$work/expected.json" || verdict=FAIL
((lost == 0 && duplicated == 0 && rewritten == 0)) || verdict=FAIL
notes="pingxiang-overload $days days in 4 parts, 1 partition per topic, checkpoints every 1 s; previous jar $previous_commit; recovery = savepoint completed -> first new committed reading; $(IFS=';'; echo "${steps[*]}"); $check_notes"
say "$verdict: lost $lost, duplicated $duplicated, rewritten $rewritten; recovery seconds ${recovery[*]}"
write_results 3 "$lost" "$duplicated" "$(IFS=,; echo "${recovery[*]}")" "$verdict" "$notes" "$rewritten"
