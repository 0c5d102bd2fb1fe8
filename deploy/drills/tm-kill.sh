#!/usr/bin/env bash
# Fault drill: kill -9 a random TaskManager at a random moment, several times during one replay,
# restarting it each time; measure each recovery and check the committed output is exactly the
# replay's known answers: nothing lost, nothing doubled.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

kills=5
rate=2000
days=40
restart=at-once

usage() {
  cat <<'USAGE'
Usage: deploy/drills/tm-kill.sh --results FILE [options]

Starts the standalone cluster (JobManager, 2 TaskManagers, Kafka broker; separate processes) on
the drills' ports, submits corridor-analytics (parallelism 2, checkpoints every second), and
replays pingxiang-overload and baseline at --rate records a second with known answers. During
the replay it kills a random TaskManager that runs tasks of the job with kill -9 at a random
moment, --kills times, and starts it again (--restart). A kill strikes only when both
TaskManagers are registered: one TaskManager lost, its slots taken over by the other's spare
ones. For each kill it records, from the kill: the job RUNNING again (REST: a restart counted,
then every task RUNNING) and output flowing again (a new committed record on
corridor.port-utilisation.v1); how busy the machine's cores were meanwhile (/proc/stat: time of
processes at normal priority, at lower priority, and stolen by the host); and how long the
restarted TaskManager took to register again.
Then it verifies every output topic against the known answers (DrillVerifier). PASS: every
recovery measured, nothing lost, nothing duplicated.

Options:
  --kills N                 kills during the replay. Default: 5.
  --rate N                  replay records a second. Default: 2000.
  --days N                  days of the scenarios. Default: 40 (about 1,280,000 records, 11 min
                            at the default rate: room for 5 kills, each waiting for the
                            TaskManager restarted after the last one, up to 60 s on 2 cores).
  --restart WHEN            when the killed TaskManager is started again: at-once (default), as
                            a supervisor restarting a crashed process would, its JVM starting on
                            the cores the failover needs; or recovered, once output flows again:
                            the failover while the killed TaskManager is still down, as when it
                            comes back on another host.
USAGE
  common_usage
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --kills) kills="${2:?--kills needs a number}"; shift 2 ;;
    --rate) rate="${2:?--rate needs a number}"; shift 2 ;;
    --days) days="${2:?--days needs a number}"; shift 2 ;;
    --restart) restart="${2:?--restart needs at-once or recovered}"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) common_option "$@" || die "unknown option '$1' (see --help)"; shift "$shift_by" ;;
  esac
done
[[ $kills =~ ^[1-9][0-9]*$ ]] || die "--kills must be a positive number"
[[ $rate =~ ^[1-9][0-9]*$ ]] || die "--rate must be a positive number"
[[ $days =~ ^[1-9][0-9]*$ ]] || die "--days must be a positive number"
[[ $restart == at-once || $restart == recovered ]] || die "--restart must be at-once or recovered, not '$restart'"
check_common

drill_start
drill_submit
drill_replay_start pingxiang-overload baseline --days "$days" --rate "$rate" --duplicates 0.01 --malformed 0.01

recoveries=()
boots=()
notes=""
restarted_at=""
for k in $(seq 1 "$kills"); do
  # Each kill strikes a whole cluster: while the TaskManager restarted after the last kill is still
  # starting, the other one holds every slot, and killing it takes the job's last slots: a double
  # fault, whose recovery is a JVM's start-up, not a failover to spare slots. How long that
  # start-up takes is recorded beside the recoveries.
  whole_at="$(wait_taskmanagers 2)"
  if [[ -n $restarted_at ]]; then boots+=("$(seconds_between "$restarted_at" "$whole_at")"); fi
  # a random moment: 2-9 s after that, so kills fall at different points of the checkpoint cycle
  # (1 s) and of the replay
  sleep "$((2 + RANDOM % 8)).$((RANDOM % 10))"
  kill -0 "$replay_pid" 2>/dev/null || die "the replay ended before kill $k; raise --days or lower --rate"
  victim="$(busy_taskmanager)"
  restarts="$(job_restarts)"
  output_watch_start
  killed_at="$(now_ms)"
  cpu_at_kill="$(cpu_sample)"
  kill -9 "$(cat "$(pid_dir)/$victim.pid")"
  output_watch_fault "$killed_at"
  say "kill $k: kill -9 $victim"
  # the job fails over to the spare slots of the other TaskManager meanwhile
  while kill -0 "$(cat "$(pid_dir)/$victim.pid")" 2>/dev/null; do sleep 0.05; done
  if [[ $restart == at-once ]]; then
    start_taskmanager "${victim#taskmanager-}"
    restarted_at="$(now_ms)"
  fi
  running_at="$(wait_recovered "$restarts")"
  output_watch_wait
  cpu_use="$(cpu_share "$cpu_at_kill" "$(cpu_sample)")"
  if [[ $restart == recovered ]]; then
    start_taskmanager "${victim#taskmanager-}"
    restarted_at="$(now_ms)"
  fi
  to_running="$(seconds_between "$killed_at" "$running_at")"
  to_flowing="$(seconds_between "$killed_at" "$flowing_at")"
  say "kill $k: RUNNING after $to_running s, output flowing after $to_flowing s; cores meanwhile $cpu_use"
  recoveries+=("$to_flowing")
  notes+="kill $k ($victim): RUNNING ${to_running}s, output ${to_flowing}s, cores $cpu_use. "
done

boots+=("$(seconds_between "$restarted_at" "$(wait_taskmanagers 2)")")
drill_replay_verify
[[ $state == RUNNING ]] || notes+="job is $state at the end. "
notes+="restarts $(job_restarts); recovery = kill to a new committed utilisation reading; each kill waits for both TaskManagers registered; the killed one restarted $restart; it registered after $(IFS=,; echo "${boots[*]}") s."
write_results "$kills" "$verify_lost" "$verify_duplicated" "$(IFS=,; echo "${recoveries[*]}")" "$verdict" "$notes" "$verify_rewritten"
