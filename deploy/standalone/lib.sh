# Shared by the standalone cluster's scripts (sourced, not run): where things are, the flags every
# script takes, and small helpers for processes, ports and Flink's REST API. Plain bash, curl and
# grep: no jq, so a fresh machine needs nothing beyond what the build needs.
# shellcheck shell=bash

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${CORRIDOR_WATCH_DATA:-$root/target}/standalone"
script="standalone $(basename "$0")"
# shellcheck source=../common.sh
source "$root/deploy/common.sh"

# The data folder as an absolute path: Flink's file:// URIs and the pid files need one.
absolute_data() {
  mkdir -p "$data" || die "cannot create the data folder $data (see --data)"
  data="$(cd "$data" && pwd)"
}

need_tools() {
  need_java_and_maven
  command -v curl >/dev/null 2>&1 || die "curl not found; install it (Debian: apt-get install curl)"
}

# The cluster's port options, the same for up, e2e.sh and the drills: sets the port "$1" names to
# "$2" and succeeds, or fails when "$1" is none of them. The caller shifts both words.
cluster_port_option() {
  case "$1" in
    --rest-port | --rpc-port | --blob-port | --kafka-port | --kafka-controller-port) ;;
    *) return 1 ;;
  esac
  require_port "$1" "${2:-}"
  # --kafka-controller-port sets kafka_controller_port, and so on
  local name=${1#--}
  printf -v "${name//-/_}" '%s' "$2"
}

# The ports `up` chose, written to the data folder so the other scripts need no port flags.
cluster_env() { echo "$data/cluster.env"; }
load_cluster() {
  [[ -f "$(cluster_env)" ]] || die "no cluster in $data (start one with deploy/standalone/up, or pass its --data)"
  # shellcheck source=/dev/null
  source "$(cluster_env)"
}

# --- processes --------------------------------------------------------------------------------
pid_dir() { echo "$data/pids"; }
running() { local f; f="$(pid_dir)/$1.pid"; [[ -f $f ]] && kill -0 "$(cat "$f")" 2>/dev/null; }

# A fixed listening port inside Linux's ephemeral range can be held by any client socket, our own
# port probes included: a connect to 127.0.0.1:P while nothing listens there may be given P as
# its own local port and connect to itself, and a server starting then fails to bind P. Prints
# the range ("32768-60999") and succeeds when $1 lies in it.
ephemeral_range_of() {
  local low high
  read -r low high </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || return 1
  ((low <= $1 && $1 <= high)) && echo "$low-$high"
}

# Every process of a run (e2e.sh, a drill) has the run's folder $1 on its command line (config,
# logs, data): fails, after saying so and killing them, when any is still there.
no_process_left_in() {
  local left
  left="$(pgrep -f "$1" || true)"
  [[ -n $left ]] || return 0
  echo "$script: FAILED: processes left behind: $(tr '\n' ' ' <<<"$left")" >&2
  # shellcheck disable=SC2086 # one pid per word
  kill -9 $left 2>/dev/null || true
  return 1
}

# Stops the process of one pid file: TERM, then KILL if it has not gone after the grace period.
stop_process() {
  local name=$1 grace=${2:-30} f pid
  f="$(pid_dir)/$name.pid"
  if ! running "$name"; then
    rm -f "$f"
    return 0
  fi
  pid="$(cat "$f")"
  kill "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + grace))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      say "$name (pid $pid) did not stop within $grace s; killing it"
      kill -9 "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$f"
  say "stopped $name (pid $pid)"
}

# --- what the cluster runs --------------------------------------------------------------------
# Flink's jars, from pom.xml beside this file (not part of the build; resolved by the launcher
# when missing).
flink_classpath() {
  "$root/corridor-watch" classpath deploy/standalone || die "resolving the Flink classpath failed"
}

# The JVM flags Flink's own distribution passes on Java 17, from the launcher.
flink_jvm_opens() {
  "$root/corridor-watch" jvm-opens
}

# The shaded job jar; built by the launcher (./corridor-watch build) when missing or asked to.
job_jar() {
  local flags=()
  [[ ${1:-no} == yes ]] && flags=(--rebuild)
  "$root/corridor-watch" build ${flags[@]+"${flags[@]}"} >&2 || die "building the job jar failed"
  ls "$root"/jobs/target/corridor-watch-jobs-*-job.jar | head -n 1
}

# --- starting the cluster's processes (up, and the fault drills' restarts) ---------------------
# JVM and dynamic parameters computed from config.yaml exactly as flink-dist's scripts do: the
# last two result lines are the JVM flags (heap, direct, metaspace) and the -D memory settings. A
# third line adds the JVM options config.yaml gives the process (env.java.opts.all, then
# env.java.opts.jobmanager or .taskmanager), read from Flink's own flattened reading of it.
# Computed once per cluster and kept beside its config.yaml (again only if that file is newer): a
# TaskManager restarted after a crash then starts one JVM, not two, on a machine whose cores the
# recovering job needs.
resource_params() {
  local out role flat cache="$data/conf/$1.params"
  if [[ -s $cache && $cache -nt $data/conf/config.yaml ]]; then
    cat "$cache"
    return 0
  fi
  out="$(java -cp "$(flink_classpath)" -Dlog4j2.level=WARN org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$data/conf" 2>&1)" ||
    die "computing $1 failed: $(tail -n 3 <<<"$out")"
  grep '^BASH_JAVA_UTILS_EXEC_RESULT:' <<<"$out" | tail -n 2 | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://' >"$cache.tmp"
  role=taskmanager
  [[ $1 == GET_JM_RESOURCE_PARAMS ]] && role=jobmanager
  flat="$(flat_config)"
  sed -n -e 's/^env\.java\.opts\.all: //p' -e "s/^env\\.java\\.opts\\.$role: //p" "$flat" |
    tr '\n' ' ' >>"$cache.tmp"
  echo >>"$cache.tmp"
  mv "$cache.tmp" "$cache"
  cat "$cache"
}

# config.yaml as Flink reads it, one "key: value" line per setting (nested keys joined with dots),
# kept beside it as config.flat until config.yaml changes; prints the file's path.
flat_config() {
  local out flat="$data/conf/config.flat"
  if [[ ! -s $flat || $data/conf/config.yaml -nt $flat ]]; then
    out="$(java -cp "$(flink_classpath)" -Dlog4j2.level=WARN org.apache.flink.runtime.util.bash.BashJavaUtils UPDATE_AND_GET_FLINK_CONFIGURATION --configDir "$data/conf" -flatten 2>&1)" ||
      die "reading $data/conf/config.yaml failed: $(tail -n 3 <<<"$out")"
    sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p' <<<"$out" >"$flat.tmp"
    mv "$flat.tmp" "$flat"
  fi
  echo "$flat"
}

# Starts one Flink process in the background with a pid file, logging to <data>/log/<name>.log
# (appended: a restarted process continues its log) and its garbage collections, one line each with
# the wall clock, to <data>/log/<name>-gc.log. Arguments after the third are further dynamic
# properties (-D key=value), which win over config.yaml.
start_flink() {
  local name=$1 main=$2 params=$3 jvm dynamic opts cp
  shift 3
  jvm="$(sed -n 1p <<<"$params")"
  dynamic="$(sed -n 2p <<<"$params")"
  opts="$(sed -n 3p <<<"$params")"
  cp="$(flink_classpath)"
  touch "$data/log/$name.out"
  # shellcheck disable=SC2046,SC2086 # the flags are separate words on purpose
  nohup java $jvm $(flink_jvm_opens) $opts \
    -Xlog:gc:file="$data/log/$name-gc.log":utctime,timemillis:filecount=3,filesize=20m \
    -Dlog.file="$data/log/$name.log" \
    -Dlog4j.configurationFile="file:$data/conf/log4j.properties" \
    -Dlog4j2.configurationFile="file:$data/conf/log4j.properties" \
    -cp "$cp" "$main" --configDir "$data/conf" $dynamic "$@" \
    >>"$data/log/$name.out" 2>&1 </dev/null &
  echo $! >"$(pid_dir)/$name.pid"
  # not this shell's job: a drill that kills it later gets no "Killed" report from bash
  disown "$!" 2>/dev/null || true
  say "started $name (pid $(cat "$(pid_dir)/$name.pid")), log $data/log/$name.log"
}

start_jobmanager() {
  start_flink jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint "$(resource_params GET_JM_RESOURCE_PARAMS)"
}

# In HA mode (up --ha): the second JobManager, the standby while the first leads. Its REST port is
# the cluster's STANDBY_REST_PORT; its RPC and blob ports are picked by the OS on 127.0.0.1, since
# TaskManagers and clients find the leader through ZooKeeper, not by port.
start_standby_jobmanager() {
  start_flink jobmanager-2 org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint "$(resource_params GET_JM_RESOURCE_PARAMS)" \
    -D "rest.port=$STANDBY_REST_PORT" -D high-availability.jobmanager.port=0 -D blob.server.port=0
}

# The JobManagers of this cluster: one, or in HA mode two.
jobmanager_names() {
  if [[ ${HA:-none} == zookeeper ]]; then echo jobmanager jobmanager-2; else echo jobmanager; fi
}

# --- ZooKeeper (HA mode) ------------------------------------------------------------------------
# One ZooKeeper server, for Flink's leader election and job metadata, from the ZooKeeper jar Flink
# itself depends on (flink-shaded-zookeeper-3), run by Flink's launcher for it. Its data folder is
# <data>/zookeeper, its log <data>/log/zookeeper.log.
start_zookeeper() {
  local cfg="$data/conf/zoo.cfg"
  mkdir -p "$data/zookeeper"
  touch "$data/log/zookeeper.out"
  # shellcheck disable=SC2046 # the flags are separate words on purpose
  nohup java -Xmx256m $(flink_jvm_opens) \
    -Dlog.file="$data/log/zookeeper.log" \
    -Dlog4j2.configurationFile="file:$data/conf/log4j.properties" \
    -Dzookeeper.admin.enableServer=false \
    -cp "$(flink_classpath)" org.apache.flink.runtime.zookeeper.FlinkZooKeeperQuorumPeer \
    --zkConfigFile "$cfg" --peerId 1 >>"$data/log/zookeeper.out" 2>&1 </dev/null &
  echo $! >"$(pid_dir)/zookeeper.pid"
  say "started zookeeper (pid $!), log $data/log/zookeeper.log"
}

# Whether ZooKeeper answers "imok" on its client port.
zookeeper_ok() {
  local answer
  answer="$( (exec 3<>"/dev/tcp/127.0.0.1/$ZOOKEEPER_PORT" && printf 'ruok' >&3 && timeout 2 cat <&3) 2>/dev/null || true)"
  [[ $answer == imok ]]
}

# Which JobManager leads: prints jobmanager or jobmanager-2, or nothing while none leads. Flink's
# REST API answers on the standby too (it forwards to the leader), so each JobManager's own log
# tells: the newest leadership event since its last start (a restarted JobManager appends to its
# log), granted or revoked.
leading_jobmanager() {
  local name log
  for name in jobmanager jobmanager-2; do
    log="$data/log/$name.log"
    running "$name" && [[ -f $log ]] || continue
    if awk '/Starting StandaloneSessionClusterEntrypoint\.$/ { event = "" }
            /Dispatcher.*was granted leadership/ { event = "granted" }
            /Dispatcher.*revoked/ { event = "revoked" }
            END { exit event == "granted" ? 0 : 1 }' "$log"; then
      echo "$name"
      return 0
    fi
  done
  return 0
}

# Starts TaskManager number $1 (taskmanager-$1).
start_taskmanager() {
  start_flink "taskmanager-$1" org.apache.flink.runtime.taskexecutor.TaskManagerRunner "$(resource_params GET_TM_RESOURCE_PARAMS)"
}

# --- Flink's REST API -------------------------------------------------------------------------
rest_url() { echo "http://127.0.0.1:$REST_PORT$1"; }
# In HA mode either JobManager answers; the first whose REST port does is asked.
rest_get() {
  if [[ ${HA:-none} == zookeeper ]]; then
    local port
    for port in "$REST_PORT" "$STANDBY_REST_PORT"; do
      curl -sS --fail --max-time 10 "http://127.0.0.1:$port$1" 2>/dev/null && return 0
    done
    return 22
  fi
  curl -sS --fail --max-time 10 "$(rest_url "$1")"
}
# In HA mode a POST goes to the standby's port only if the first port took no connection (curl's
# exit 7), so a request is never sent twice.
rest_post() {
  local port status=0
  for port in "$REST_PORT" ${STANDBY_REST_PORT:+"$STANDBY_REST_PORT"}; do
    status=0
    curl -sS --fail-with-body --max-time 30 -H 'Content-Type: application/json' -d "$2" "http://127.0.0.1:$port$1" || status=$?
    if ((status != 7)) || [[ ${HA:-none} != zookeeper ]]; then return "$status"; fi
  done
  return "$status"
}

# The first value of a JSON string field, e.g. json_string jobid <<<'{"jobid":"ab12"}'. Enough for
# Flink's flat answers; it is not a JSON parser.
json_string() { grep -o "\"$1\" *: *\"[^\"]*\"" | head -n 1 | sed 's/.*: *"\(.*\)"/\1/'; }
json_number() { grep -o "\"$1\" *: *[0-9]*" | head -n 1 | sed 's/.*: *//'; }

job_state() { rest_get "/jobs/$1" 2>/dev/null | json_string state; }

# Waits until a job is RUNNING with every task running, or fails with the job's exception.
wait_running() {
  local job=$1 timeout=$2 deadline state body
  deadline=$((SECONDS + timeout))
  while true; do
    body="$(rest_get "/jobs/$job" 2>/dev/null || true)"
    # empty while no JobManager answers (an HA takeover): grep finds nothing, which is no error
    state="$(json_string state <<<"$body" || true)"
    case "$state" in
      RUNNING)
        # the job is RUNNING once scheduled; its tasks may still be deploying or restoring
        local counts
        counts="$(grep -o '"status-counts":{[^}]*}' <<<"$body" || true)"
        if [[ -n $counts ]] && ! grep -q -e '"DEPLOYING":[1-9]' -e '"INITIALIZING":[1-9]' -e '"SCHEDULED":[1-9]' -e '"CREATED":[1-9]' <<<"$counts"; then
          return 0
        fi
        ;;
      FAILED | CANCELED | FINISHED) die "job $job is $state; see $(rest_url "/jobs/$job/exceptions") and $data/log" ;;
    esac
    ((SECONDS < deadline)) || die "job $job was not RUNNING within $timeout s (state: ${state:-unknown}); see $data/log"
    sleep 0.5
  done
}

# --- submitting -------------------------------------------------------------------------------
# Submits the job jar with the Flink CLI, which compiles the job graph here and sends it with the
# jar to the REST API (POST /jobs). Not /jars/upload: web.submit.enable is false, and in Flink 2.2
# that removes the jar endpoints altogether. The job's main() runs here, on the client, so it
# talks to Kafka from this machine before the job starts (it creates missing topics).
# Prints the job id on stdout; everything else goes to stderr and the CLI's log.
run_job() {
  local jar=$1 parallelism=$2 savepoint=$3
  shift 3
  local cp out id
  cp="$(flink_classpath)"
  local cli=(run -d -p "$parallelism" -c org.corridorwatch.jobs.CorridorAnalyticsJob)
  if [[ -n $savepoint ]]; then cli+=(-s "$savepoint"); fi
  # resume's --allow-non-restored-state: drop state of operators the new graph no longer has
  if [[ -n $savepoint && ${allow_non_restored_state:-no} == yes ]]; then cli+=(-n); fi
  # shellcheck disable=SC2046 # the flags are separate words on purpose
  out="$(FLINK_CONF_DIR="$data/conf" java $(flink_jvm_opens) -Xmx512m \
    -Dlog.file="$data/log/cli.log" -Dlog4j2.configurationFile="file:$data/conf/log4j-cli.properties" \
    -cp "$cp" org.apache.flink.client.cli.CliFrontend "${cli[@]}" "$jar" "$@" 2>&1)" || {
    # the job's own one-line errors (a bad option, Kafka not reachable) are in the output
    grep -v '^\s*$' <<<"$out" | grep -v -e '^\s*at ' | head -n 8 >&2
    die "submitting failed; the CLI's log is $data/log/cli.log"
  }
  id="$(grep -o 'JobID [0-9a-f]\{32\}' <<<"$out" | head -n 1 | cut -d' ' -f2)"
  [[ -n $id ]] || die "the CLI did not report a job id; its log is $data/log/cli.log"
  echo "$id"
}

# The job arguments and parallelism of the last submit, for resume.
record_submission() {
  local parallelism=$1
  shift
  echo "$parallelism" >"$data/job.parallelism"
  printf '%s\n' "$@" >"$data/job.args"
}

# Every job id in the input, one per line.
json_all_jids() { grep -o '"jid" *: *"[0-9a-f]*"' | sed 's/.*: *"\(.*\)"/\1/'; }
