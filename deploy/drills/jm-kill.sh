#!/usr/bin/env bash
# Fault drill: kill -9 the JobManager mid-run.
#
# With high availability (the default): the cluster runs ZooKeeper and two JobManagers
# (deploy/standalone/up --ha). The drill kills the leader and does nothing else: the standby must
# be elected, recover the job from its latest checkpoint and have output flowing on its own. Then
# the killed JobManager comes back as the new standby, the drill kills that standby (the job must
# not notice) and brings it back once more, so the cluster ends as it began, with two.
#
# With --no-ha: one JobManager, no HA services, so a restarted JobManager knows no job. The drill
# then does what an operator does: start the JobManager again and resume the job from its last
# retained checkpoint by script.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rate=2000
days=7
ha=yes
# in the drills' port block, beside the cluster's own ports
zookeeper_port=$((drill_port_block + 95))
standby_rest_port=$((drill_port_block + 82))

usage() {
  cat <<'USAGE'
Usage: deploy/drills/jm-kill.sh --results FILE [options]

Starts the standalone cluster on the drills' ports, submits corridor-analytics, replays
pingxiang-overload and baseline at --rate records a second with known answers, and mid-run kills
the leading JobManager with kill -9.

High availability (default): the cluster runs with --ha (ZooKeeper and a standby JobManager).
After the kill the drill only watches: the standby must take over and the job resume from its
latest checkpoint without help. Recorded: kill -> standby leads -> job RUNNING -> output flowing.
Then the killed JobManager is started again (it becomes the standby), that standby is killed
(the job must not restart) and started once more. Every output topic is verified at the end:
nothing lost, nothing written twice.

--no-ha: one JobManager; after the kill the drill follows the operator's path:
  1. start the JobManager again and wait until both TaskManagers have registered with it;
  2. find the newest complete retained checkpoint of the lost job,
     <data>/checkpoints/<job id>/chk-N (one with a _metadata file);
  3. resume the job from it (deploy/standalone/resume --savepoint <that path>).

Options:
  --rate N                  replay records a second. Default: 2000.
  --days N                  days of the scenarios. Default: 7.
  --no-ha                   the cluster without HA, recovered by script (see above).
  --zookeeper-port N        ZooKeeper's client port (HA). Default: 23095.
  --standby-rest-port N     the standby JobManager's REST port (HA). Default: 23082.
USAGE
  common_usage
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --rate) rate="${2:?--rate needs a number}"; shift 2 ;;
    --days) days="${2:?--days needs a number}"; shift 2 ;;
    --no-ha) ha=no; shift ;;
    --zookeeper-port) zookeeper_port="${2:?--zookeeper-port needs a number}"; shift 2 ;;
    --standby-rest-port) standby_rest_port="${2:?--standby-rest-port needs a number}"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) common_option "$@" || die "unknown option '$1' (see --help)"; shift "$shift_by" ;;
  esac
done
[[ $rate =~ ^[1-9][0-9]*$ ]] || die "--rate must be a positive number"
[[ $days =~ ^[1-9][0-9]*$ ]] || die "--days must be a positive number"
require_port --zookeeper-port "$zookeeper_port"
require_port --standby-rest-port "$standby_rest_port"
outside_ephemeral_range "$zookeeper_port" "$standby_rest_port"
check_common

if [[ $ha == yes ]]; then
  drill_up_args=(--ha --zookeeper-port "$zookeeper_port" --standby-rest-port "$standby_rest_port")
fi
drill_start
drill_submit
drill_replay_start pingxiang-overload baseline --days "$days" --rate "$rate" --duplicates 0.01 --malformed 0.01
sleep "$((10 + RANDOM % 10))" # mid-run, at a random point of a checkpoint
kill -0 "$replay_pid" 2>/dev/null || die "the replay ended before the kill; raise --days or lower --rate"

# Waits until JobManager $1 runs and answers REST on its own port ($2), as the standby.
wait_standby_up() {
  local name=$1 port=$2 deadline=$((SECONDS + 120))
  until curl -sS --fail --max-time 5 "http://127.0.0.1:$port/overview" >/dev/null 2>&1; do
    running "$name" || die "$name exited while starting; see $cluster/log/$name.log"
    ((SECONDS < deadline)) || die "$name did not answer on 127.0.0.1:$port within 120 s"
    sleep 0.2
  done
  [[ "$(leading_jobmanager)" != "$name" ]] || die "$name, started again, leads: the other JobManager lost its leadership"
}

# Completed checkpoints of the job so far (REST), to see it keep going.
completed_checkpoints() {
  { rest_get "/jobs/$job/checkpoints" 2>/dev/null || true; } | grep -o '"completed":[0-9]*' | head -n 1 | cut -d: -f2 || echo 0
}

if [[ $ha == yes ]]; then
  leader="$(leading_jobmanager)"
  [[ $leader == jobmanager ]] || die "the first JobManager does not lead (leader: '${leader:-none}')"
  standby=jobmanager-2
  output_watch_start
  killed_at="$(now_ms)"
  kill -9 "$(cat "$(pid_dir)/$leader.pid")"
  output_watch_fault "$killed_at"
  say "kill -9 $leader (the leader); from here on the drill only watches"
  # nothing is done for the job: the standby is elected through ZooKeeper and recovers it
  deadline=$((SECONDS + 180))
  until [[ "$(leading_jobmanager)" == "$standby" ]]; do
    ((SECONDS < deadline)) || die "$standby was not elected within 180 s of the kill; see $cluster/log/$standby.log"
    sleep 0.1
  done
  elected_at="$(now_ms)"
  wait_running "$job" 180
  running_at="$(now_ms)"
  output_watch_wait
  to_elected="$(seconds_between "$killed_at" "$elected_at")"
  to_running="$(seconds_between "$killed_at" "$running_at")"
  to_flowing="$(seconds_between "$killed_at" "$flowing_at")"
  say "$standby led after $to_elected s, the job (same id $job) RUNNING after $to_running s, output flowing after $to_flowing s"

  # the killed leader comes back, as the standby now
  start_jobmanager
  wait_standby_up jobmanager "$REST_PORT"
  say "jobmanager is back, as the standby"
  # a standby's death must not touch the job: no failure, checkpoints go on
  failures_before="$(job_failures)"
  checkpoints_before="$(completed_checkpoints)"
  kill -9 "$(cat "$(pid_dir)/jobmanager.pid")"
  say "kill -9 jobmanager (the standby)"
  deadline=$((SECONDS + 60))
  until (($(completed_checkpoints) >= checkpoints_before + 3)); do
    ((SECONDS < deadline)) || die "the job completed no 3 checkpoints within 60 s of the standby's kill"
    sleep 0.2
  done
  failures_after="$(job_failures)"
  still_leader="$(leading_jobmanager)"
  start_jobmanager
  wait_standby_up jobmanager "$REST_PORT"
  say "standby killed: job failures $failures_before -> $failures_after, leader $still_leader; jobmanager back as the standby"

  drill_replay_verify
  [[ $failures_after == "$failures_before" ]] || verdict=FAIL
  [[ $still_leader == "$standby" ]] || verdict=FAIL
  notes="HA (ZooKeeper): leader killed, nothing done; $standby elected ${to_elected}s, job $job RUNNING ${to_running}s, output ${to_flowing}s after the kill. Standby killed: job failures $failures_before -> $failures_after, leader stayed $still_leader; both JobManagers back; job $state."
  write_results 1 "$verify_lost" "$verify_duplicated" "$to_flowing" "$verdict" "$notes" "$verify_rewritten"
  exit $?
fi

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

drill_replay_verify
notes="no HA: JobManager restarted, job resumed by script from $(basename "$checkpoint"); RUNNING ${to_running}s, output ${to_flowing}s after the kill; job $state."
write_results 1 "$verify_lost" "$verify_duplicated" "$to_flowing" "$verdict" "$notes" "$verify_rewritten"
