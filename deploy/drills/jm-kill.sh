#!/usr/bin/env bash
# Fault drill: kill -9 the JobManager mid-run. The standalone cluster has no high availability
# (no HA services, no job store): a restarted JobManager knows no job. So the drill does what an
# operator does: start the JobManager again, then resume the job from its last retained checkpoint
# (config.yaml keeps the last 3, and keeps them when the job is cancelled or lost), by script.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rate=2000
days=7

usage() {
  cat <<'USAGE'
Usage: deploy/drills/jm-kill.sh --results FILE [options]

Starts the standalone cluster on the drills' ports, submits corridor-analytics, replays
pingxiang-overload and baseline at --rate records a second with known answers. Mid-run it kills
the JobManager with kill -9 and follows the operator path for a cluster without HA:
  1. start the JobManager again (deploy/standalone/lib.sh start_jobmanager) and wait until both
     TaskManagers have registered with it;
  2. find the newest complete retained checkpoint of the lost job,
     <data>/checkpoints/<job id>/chk-N (one with a _metadata file);
  3. resume the job from it (deploy/standalone/resume --savepoint <that path>).
Records kill -> job RUNNING again -> output flowing again, then verifies every output topic.

Options:
  --rate N                  replay records a second. Default: 2000.
  --days N                  days of the scenarios. Default: 7.
USAGE
  common_usage
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --rate) rate="${2:?--rate needs a number}"; shift 2 ;;
    --days) days="${2:?--days needs a number}"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) common_option "$@" || die "unknown option '$1' (see --help)"; shift "$shift_by" ;;
  esac
done
[[ $rate =~ ^[1-9][0-9]*$ ]] || die "--rate must be a positive number"
[[ $days =~ ^[1-9][0-9]*$ ]] || die "--days must be a positive number"
check_common

drill_start
drill_submit
drill_replay_start pingxiang-overload baseline --days "$days" --rate "$rate" --duplicates 0.01 --malformed 0.01
sleep "$((10 + RANDOM % 10))" # mid-run, at a random point of a checkpoint
kill -0 "$replay_pid" 2>/dev/null || die "the replay ended before the kill; raise --days or lower --rate"

lost_job=$job
output_watch_start
killed_at="$(now_ms)"
kill -9 "$(cat "$(pid_dir)/jobmanager.pid")"
output_watch_fault "$killed_at"
say "kill -9 jobmanager"
while running jobmanager; do sleep 0.05; done
start_jobmanager
deadline=$((SECONDS + 180))
until [[ "$(rest_get /overview 2>/dev/null | json_number taskmanagers || true)" == 2 ]]; do
  ((SECONDS < deadline)) || die "the TaskManagers did not register with the new JobManager within 180 s"
  sleep 0.5
done

# the newest complete checkpoint: a chk-N folder is complete once its _metadata is written
checkpoint=""
for dir in $(ls -d "$cluster/checkpoints/$lost_job"/chk-* 2>/dev/null | sort -t- -k2 -n -r); do
  if [[ -f $dir/_metadata ]]; then checkpoint=$dir; break; fi
done
[[ -n $checkpoint ]] || die "no complete retained checkpoint of job $lost_job"
say "resuming from $(basename "$checkpoint") of the lost job"
job="$("$standalone/resume" --data "$cluster" --savepoint "$checkpoint" --timeout 180)"
running_at="$(now_ms)"
output_watch_wait
to_running="$(seconds_between "$killed_at" "$running_at")"
to_flowing="$(seconds_between "$killed_at" "$flowing_at")"
say "RUNNING again after $to_running s, output flowing after $to_flowing s"

drill_replay_wait
drill_verify
state="$(job_state "$job")"
verdict=PASS
[[ $verify_ok == yes ]] || verdict=FAIL
[[ $state == RUNNING ]] || verdict=FAIL
notes="no HA: JobManager restarted, job resumed by script from $(basename "$checkpoint"); RUNNING ${to_running}s, output ${to_flowing}s after the kill; job $state."
write_results 1 "$verify_lost" "$verify_duplicated" "$to_flowing" "$verdict" "$notes" "$verify_rewritten"
