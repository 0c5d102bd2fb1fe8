# Shared by the fault drills (sourced, not run): the standalone cluster's own helpers
# (deploy/standalone/lib.sh: processes, REST, submitting) plus what every drill does: its options,
# a cluster of its own in a temporary folder on the drills' ports, a replay with known answers,
# the verifier (or, for savepoint-rescale and poison-clock, a watch and check of the committed
# utilisation readings), the results file, and a trap that stops everything the drill started.
# shellcheck shell=bash

drills="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../standalone/lib.sh
source "$drills/../standalone/lib.sh"
standalone="$root/deploy/standalone"
drill="$(basename "$0" .sh)"
script="drills $drill"

# --- options every drill takes ------------------------------------------------------------------
# The drills' ports: loopback only, and below 32768 (outside_ephemeral_range below says why). One
# block of a thousand: 23000 gives REST 23081, RPC 23123, blob 23124, Kafka 23092/23093. Every
# drill uses it (they run one at a time); ci-subset.sh passes other ports so it never meets a
# manual run.
drill_port_block=${drill_port_block:-23000}
rest_port=$((drill_port_block + 81))
rpc_port=$((drill_port_block + 123))
blob_port=$((drill_port_block + 124))
kafka_port=$((drill_port_block + 92))
kafka_controller_port=$((drill_port_block + 93))
results=""
keep=no
# Partitions of every topic the job and the replay create; a drill may take --partitions.
partitions=1
# The drill broker's transaction.max.timeout.ms: the job's sinks may hold a transaction open
# across a broker outage plus recovery, so it is above Kafka's 15 min. A drill may raise it
# before drill_start.
broker_transaction_max_ms=1800000
# Further options of deploy/standalone/up, set by a drill before drill_start (jm-kill: --ha).
drill_up_args=()

common_usage() {
  cat <<USAGE
Common options:
  --results FILE            write the drill's result as JSON here (required):
                            {"drill","runs","lost","duplicated","rewritten",
                             "recoverySeconds":[...],"verdict":"PASS|FAIL","notes"}
  --rest-port N, --rpc-port N, --blob-port N
                            the cluster's ports. Defaults: $rest_port, $rpc_port, $blob_port.
  --kafka-port N, --kafka-controller-port N
                            the broker's ports. Defaults: $kafka_port, $kafka_controller_port.
  --keep                    keep the drill's folder (cluster data, logs, answers) even on PASS.
  -h, --help                show this help.
Everything listens on 127.0.0.1. On FAIL the folder with every log is kept and named.
USAGE
}

# Parses one common option; returns 1 when "$1" is not one. Sets `shift_by`.
common_option() {
  shift_by=2
  cluster_port_option "$@" && return 0
  case "$1" in
    --results) results="${2:?--results needs a file}" ;;
    --keep) keep=yes; shift_by=1 ;;
    *) return 1 ;;
  esac
}

# Drills stop and start servers on fixed ports while clients keep connecting, so every port must lie
# outside the ephemeral range (see ephemeral_range_of).
outside_ephemeral_range() {
  local p range
  for p in "$@"; do
    if range="$(ephemeral_range_of "$p")"; then
      die "port $p lies in this machine's ephemeral port range ($range), where a client socket can take it while a server restarts; pick one below ${range%-*}"
    fi
  done
}

check_common() {
  [[ -n $results ]] || die "--results FILE is required (see --help)"
  local p
  for p in "$rest_port" "$rpc_port" "$blob_port" "$kafka_port" "$kafka_controller_port"; do
    require_port "a port option" "$p"
  done
  outside_ephemeral_range "$rest_port" "$rpc_port" "$blob_port" "$kafka_port" "$kafka_controller_port"
  mkdir -p "$(dirname "$results")" || die "cannot create the folder of --results $results"
  results="$(cd "$(dirname "$results")" && pwd)/$(basename "$results")"
  need_tools
}

# --- the Java side: verifier, fuzz, output watch, replay -------------------------------------
# The drills' Java lives in the drills/ module at the top; the launcher builds it (and the job jar)
# when missing and prints its runtime classpath, which holds the generators too.
drills_classpath() {
  "$root/corridor-watch" classpath drills || die "building the drills' classpath failed"
}

java_tool() {
  local main=$1
  shift
  java -Xmx768m -cp "$drills_cp" "$main" "$@"
}

# The same in the background, as one process: $! is the JVM itself, so stopping it by pid leaves
# nothing behind.
java_tool_bg() {
  local main=$1
  shift
  (exec java -Xmx768m -cp "$drills_cp" "$main" "$@") &
}

# --- the drill's own cluster ----------------------------------------------------------------
started=$SECONDS
work=""
cluster=""
job=""
bootstrap=""
background_pids=()
# functions drill_cleanup calls once the cluster is down, for what else a drill made
# (savepoint-rescale: a git worktree)
cleanup_hooks=()
results_written=no
last_error=""

# One-line errors (deploy/common.sh's die), remembered for the results file of a drill that stops
# half-way.
remember_error() { last_error="$1"; }
die_hook=remember_error

# Everything a drill started has its folder on the command line (config, logs, data): pgrep on it
# finds what is left. Background helpers (replay, fuzz, watches) are also stopped by pid.
drill_cleanup() {
  local status=$?
  trap - EXIT
  local pid hook
  for pid in "${background_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  # a JVM runs its shutdown hooks on TERM (a producer waiting for a broker closes first): give the
  # helpers 20 s to go before anything still there counts as left behind
  local deadline=$((SECONDS + 20))
  for pid in "${background_pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
  done
  if [[ -n $cluster && -d $cluster ]]; then
    "$standalone/down" --data "$cluster" >/dev/null 2>&1 || true
  fi
  for hook in ${cleanup_hooks[@]+"${cleanup_hooks[@]}"}; do
    "$hook" || true
  done
  if [[ -n $work ]]; then no_process_left_in "$work" || status=1; fi
  if ((status != 0)) && [[ $results_written == no && -n $results ]]; then
    # a drill that stopped half-way still leaves a result, so run-all.sh reports it
    write_results 0 null null "" FAIL "aborted (exit $status): $last_error" || true
  fi
  if ((status == 0)); then
    echo "$script: finished in $((SECONDS - started)) s; no process left" >&2
    if [[ $keep == yes ]]; then echo "$script: data kept in $work" >&2; elif [[ -n $work ]]; then rm -rf "$work"; fi
  else
    echo "$script: FAILED (exit $status) after $((SECONDS - started)) s; logs kept in ${work:-nowhere}" >&2
  fi
  exit "$status"
}

# Creates the work folder, builds what is missing, starts the cluster on the drill's ports.
drill_start() {
  drill_prepare
  drill_cluster_up
}

# The first half of drill_start, for a drill with work to do before its cluster starts: the work
# folder, the trap that cleans up, the build.
drill_prepare() {
  work="$(mktemp -d "${TMPDIR:-/tmp}/corridor-watch-drill-$drill.XXXXXX")"
  cluster="$work/cluster"
  trap drill_cleanup EXIT
  trap 'exit 130' INT TERM
  drills_cp="$(drills_classpath)"
}

# The second half: the cluster on the drill's ports.
drill_cluster_up() {
  bootstrap="127.0.0.1:$kafka_port"
  "$standalone/up" --data "$cluster" --rest-port "$rest_port" --rpc-port "$rpc_port" --blob-port "$blob_port" \
    --kafka-port "$kafka_port" --kafka-controller-port "$kafka_controller_port" \
    --kafka-set "transaction.max.timeout.ms=$broker_transaction_max_ms" ${drill_up_args[@]+"${drill_up_args[@]}"} >&2 ||
    die "the cluster did not start; see $cluster/log"
  # from here on the standalone helpers (running, stop_process, rest_get) work on this cluster,
  # with the ports and HA mode up recorded
  data="$cluster"
  load_cluster
}

# Starts the drill's broker again after a drill stopped it, with the same settings as drill_start.
drill_broker_start() {
  "$root/deploy/local/kafka-broker.sh" start --port "$kafka_port" --controller-port "$kafka_controller_port" \
    --data "$cluster/kafka" --set "transaction.max.timeout.ms=$broker_transaction_max_ms" >&2 ||
    die "the broker did not start again; see $cluster/kafka/logs/broker.out"
}

# Submits the job: parallelism 2 on 4 slots (2 spare for failover), checkpoints every second,
# $partitions partitions per topic it creates (1 unless the drill says otherwise). Extra job options
# may follow.
drill_submit() {
  job="$("$standalone/submit" --data "$cluster" --parallelism 2 -- --checkpoint-interval 1s --partitions "$partitions" "$@")"
  say "job $job is RUNNING"
}

# Starts a replay in the background with known answers in $work/expected.json and the clean
# replay's closing records (--close), so the job writes everything the answers list.
# Sets replay_pid. Arguments: replay options (scenarios, --days, --rate, ...).
drill_replay_start() {
  java_tool_bg org.corridorwatch.generators.ReplayCommand "$@" --bootstrap-servers "$bootstrap" --partitions "$partitions" \
    --expected "$work/expected.json" --close 31d --no-progress >"$work/replay.log" 2>&1
  replay_pid=$!
  background_pids+=("$replay_pid")
}

drill_replay_wait() {
  wait "$replay_pid" || die "the replay failed; see $work/replay.log"
  tail -n 1 "$work/replay.log" >&2
}

# The end every drill that expects the job to survive shares: waits for the replay, verifies every
# output topic (arguments go to the verifier) and sets state (the job's, from REST) and verdict:
# PASS only if the outputs match the known answers and the job is RUNNING. A drill adds its own
# conditions to verdict after this.
drill_replay_verify() {
  drill_replay_wait
  drill_verify "$@"
  state="$(job_state "$job")"
  verdict=PASS
  [[ $verify_ok == yes ]] || verdict=FAIL
  [[ $state == RUNNING ]] || verdict=FAIL
}

# Runs the verifier; sets verify_lost, verify_duplicated and verify_rewritten (output keys written
# more than once, equal values or not), verify_ok=yes|no.
drill_verify() {
  local status=0
  java_tool org.corridorwatch.drills.DrillVerifier --expected "$work/expected.json" \
    --bootstrap-servers "$bootstrap" --quiet 10s --timeout 5m --report "$work/verify.json" "$@" >&2 || status=$?
  [[ -s $work/verify.json ]] || die "the verifier wrote no report (exit $status)"
  verify_lost="$(json_number lost <"$work/verify.json")"
  verify_duplicated="$(json_number duplicated <"$work/verify.json")"
  verify_rewritten="$(json_number rewritten <"$work/verify.json")"
  if ((status == 0)); then verify_ok=yes; else verify_ok=no; fi
}

# The job's restarts so far (Flink's numRestarts, which counts region failovers too).
job_restarts() {
  rest_get "/jobs/$job/metrics?get=numRestarts" 2>/dev/null | grep -o '"value":"[0-9]*"' | grep -o '[0-9]*' || echo 0
}

# The name (taskmanager-N) of a random TaskManager that runs some of the job's tasks: killing
# one with only free slots tests nothing. REST gives each TaskManager's RPC address; the process
# listening on that port is matched with the pid files.
busy_taskmanager() {
  local ports port pid name f
  ports="$(rest_get /taskmanagers | sed 's/},{/}\n{/g' |
    awk '/"slotsNumber"/ { n = $0; sub(/.*"slotsNumber":/, "", n); sub(/[,}].*/, "", n);
         f = $0; sub(/.*"freeSlots":/, "", f); sub(/[,}].*/, "", f);
         p = $0; sub(/.*"path":"[^"]*127\.0\.0\.1:/, "", p); sub(/\/.*/, "", p);
         if (f + 0 < n + 0) print p }' | shuf)"
  for port in $ports; do
    pid="$(ss -Hltnp "sport = :$port" | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2)"
    for f in "$(pid_dir)"/taskmanager-*.pid; do
      name="$(basename "$f" .pid)"
      if [[ -n $pid && "$(cat "$f")" == "$pid" ]]; then
        echo "$name"
        return 0
      fi
    done
  done
  die "no TaskManager of this cluster runs a task of the job (REST /taskmanagers)"
}

# The job's failures so far, from its exception history (REST /jobs/<id>/exceptions). A second
# source beside numRestarts: REST serves metrics from a cache refreshed every 10 s
# (metrics.fetcher.update-interval), and in the broker drill it still said 0 after two restarts.
job_failures() {
  local body
  body="$(rest_get "/jobs/$job/exceptions?maxExceptions=100" 2>/dev/null || true)"
  # grep -c prints 0 and exits 1 when there is none: the count is the answer either way
  grep -o '"exceptionName"' <<<"$body" | grep -c . || true
}

# The job's exception history (REST /jobs/<id>/exceptions) as it is now, saved beside the results
# file (<results without .json>.exceptions.json), since the drill's folder is removed on PASS; prints
# the distinct exception names with their counts ("name x2; other x1"), or "none".
job_failures_saved() {
  local body names
  body="$(rest_get "/jobs/$job/exceptions?maxExceptions=100" 2>/dev/null || true)"
  printf '%s\n' "$body" >"${results%.json}.exceptions.json"
  names="$(grep -o '"exceptionName":"[^"]*"' <<<"$body" | cut -d'"' -f4 | sort | uniq -c |
    awk '{ printf "%s%s x%s", (NR > 1 ? "; " : ""), $2, $1 }' || true)"
  echo "${names:-none}"
}

# Milliseconds since the epoch.
now_ms() { date +%s%3N; }

# The machine's CPU time so far (/proc/stat, clock ticks of all cores): "busy nice steal total".
# busy is user, system and interrupt time of processes at normal priority (the cluster, the broker,
# the replay); nice is that of processes at lower priority (other work kept out of the way).
cpu_sample() { awk '/^cpu / { print $2 + $4 + $7 + $8, $3, $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }

# How the cores were used between two cpu_sample lines: "busy N%, niced N%, stolen N%".
cpu_share() {
  awk -v a="$1" -v b="$2" 'BEGIN {
    split(a, x, " "); split(b, y, " "); t = y[4] - x[4]; if (t <= 0) t = 1
    printf "busy %d%%, niced %d%%, stolen %d%%", 100 * (y[1] - x[1]) / t, 100 * (y[2] - x[2]) / t, 100 * (y[3] - x[3]) / t
  }'
}

# Waits until $1 TaskManagers are registered with the cluster (REST /overview) and prints the
# epoch millis of that; fails after $2 seconds (default 300).
wait_taskmanagers() {
  local want=$1 timeout=${2:-300} deadline registered
  deadline=$((SECONDS + timeout))
  while true; do
    registered="$(rest_get /overview 2>/dev/null | json_number taskmanagers || true)"
    if ((${registered:-0} >= want)); then
      now_ms
      return 0
    fi
    ((SECONDS < deadline)) || die "only ${registered:-0} of $want TaskManagers registered within $timeout s; see $cluster/log"
    sleep 0.2
  done
}

# Waits until the job has noticed a failure (a restart counted, or tasks not all RUNNING) and is
# then RUNNING with every task running again. Prints the epoch millis of that. $1 = restarts before.
wait_recovered() {
  local before=$1 timeout=${2:-300} deadline body counts
  deadline=$((SECONDS + timeout))
  while (($(job_restarts) <= before)); do
    ((SECONDS < deadline)) || die "job $job did not notice the failure within $timeout s"
    sleep 0.2
  done
  while true; do
    body="$(rest_get "/jobs/$job" 2>/dev/null || true)"
    counts="$(grep -o '"status-counts":{[^}]*}' <<<"$body" || true)"
    if [[ $(json_string state <<<"$body") == RUNNING && -n $counts ]] &&
      ! grep -q -e '"DEPLOYING":[1-9]' -e '"INITIALIZING":[1-9]' -e '"SCHEDULED":[1-9]' -e '"CREATED":[1-9]' -e '"CANCELING":[1-9]' -e '"FAILED":[1-9]' -e '"RECONCILING":[1-9]' <<<"$counts"; then
      now_ms
      return 0
    fi
    ((SECONDS < deadline)) || die "job $job was not RUNNING again within $timeout s"
    sleep 0.2
  done
}

# Starts an output watch (OutputFlow) and waits until it is ready; sets flow_pid, flow_file.
output_watch_start() {
  flow_file="$work/flow.$RANDOM"
  java_tool_bg org.corridorwatch.drills.OutputFlow --bootstrap-servers "$bootstrap" --timeout 5m \
    --fault-time-file "$flow_file.fault" >"$flow_file" 2>>"$work/flow.log"
  flow_pid=$!
  background_pids+=("$flow_pid")
  local deadline=$((SECONDS + 60))
  until grep -q ready "$flow_file" 2>/dev/null; do
    kill -0 "$flow_pid" 2>/dev/null || die "the output watch exited; see $work/flow.log"
    ((SECONDS < deadline)) || die "the output watch was not ready within 60 s"
    sleep 0.1
  done
}

# Tells the watch when the fault struck (epoch millis, $1): only records written after it count.
output_watch_fault() {
  echo "$1" >"$flow_file.fault.tmp"
  mv "$flow_file.fault.tmp" "$flow_file.fault"
}

# Waits for the watch's answer; sets flowing_at to the epoch millis at which output flowed again.
# Not in a $(...): the watch is a child of the drill's own shell, and only that shell can wait.
output_watch_wait() {
  wait "$flow_pid" || die "no committed output flowed within 5 min after the fault; see $work/flow.log"
  flowing_at="$(tail -n 1 "$flow_file")"
}

# --- the committed utilisation readings (savepoint-rescale, poison-clock) -----------------------
need_kcat() { command -v kcat >/dev/null 2>&1 || die "kcat not found; install it (Debian: apt-get install kcat)"; }

# The option checks of these two drills, after their own parsing: --days (the replay is cut in
# parts, so at least 2), the common options, and kcat, before anything starts.
check_readings_drill() {
  # shellcheck disable=SC2154 # days is the drill's own option
  [[ $days =~ ^[0-9]+$ && $days -ge 2 ]] || die "--days must be a number of at least 2, not '$days'"
  check_common
  need_kcat
}

# Follows the committed utilisation readings (read_committed) into $work/utilisation.txt, one
# "key value" line each, so the drill can see when output flows and count doubles itself. Start
# it once the job has created its topics: kcat gives up on a topic that does not exist.
readings_watch_start() {
  need_kcat
  : >"$work/utilisation.txt"
  kcat -b "$bootstrap" -C -t corridor.port-utilisation.v1 -o beginning -u -q \
    -X isolation.level=read_committed -f '%k %s\n' >>"$work/utilisation.txt" 2>"$work/kcat.log" &
  background_pids+=("$!")
}

readings_seen() { wc -l <"$work/utilisation.txt" | tr -d ' '; }

# Waits until more than $1 readings were committed, for at most $2 seconds; prints the epoch
# millis at which it saw that.
wait_readings_beyond() {
  local before=$1 timeout=$2 deadline=$((SECONDS + $2))
  while (($(readings_seen) <= before)); do
    ((SECONDS < deadline)) || die "no new committed reading within $timeout s (still $before)"
    sleep 0.2
  done
  now_ms
}

# The committed readings against $1, the known answers (UtilisationCheck: every reading up to the
# job's watermark, each exactly once, in window order), and doubles counted independently in what
# the watch saw. Sets lost, duplicated, rewritten and check_notes; returns non-zero when they are
# not equal.
check_readings() {
  local expected=$1 out status=0
  out="$(java_tool org.corridorwatch.generators.answers.UtilisationCheck --expected "$expected" \
    --bootstrap-servers "$bootstrap" --quiet 5s --timeout 3m 2>&1)" || status=$?
  echo "$out" >&2
  lost="$(grep -o '[0-9]* expected readings missing' <<<"$out" | grep -o '^[0-9]*' || echo 0)"
  # a reading is its port and window: the line up to "trips" (key, schema, portId, window)
  duplicated="$(sed 's/"trips".*//' "$work/utilisation.txt" | sort | uniq -d | wc -l | tr -d ' ')"
  # a (port, window end) written again, equal figures or not (UtilisationCheck's rewritten count)
  rewritten="$(grep -o '[0-9]* readings rewrote' <<<"$out" | grep -o '^[0-9]*' || echo 0)"
  # shellcheck disable=SC2034 # for the drill's notes
  check_notes="$(grep -m1 -e 'utilisation-check:' <<<"$out" || true)"
  if ((status != 0 && lost == 0 && duplicated == 0)); then
    # not equal for another reason (extras, order, incomplete): count the extras as doubles
    duplicated="$(grep -o '[0-9]* readings not expected' <<<"$out" | grep -o '^[0-9]*' || echo 1)"
  fi
  return "$status"
}

# Seconds between two epoch-millis values, with one decimal.
seconds_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }

# Writes the results file. Arguments: runs lost duplicated "recovery seconds, comma separated"
# verdict notes [rewritten]. rewritten (output keys written more than once) defaults to what the
# last drill_verify found, or null when there was none.
write_results() {
  local runs=$1 lost=$2 duplicated=$3 recovery=$4 verdict=$5 notes=$6 rewritten=${7:-${verify_rewritten:-}}
  notes="${notes//\\/\\\\}"
  notes="${notes//\"/\\\"}"
  notes="${notes//$'\n'/ }"
  cat >"$results" <<JSON
{"drill":"$drill","runs":$runs,"lost":${lost:-null},"duplicated":${duplicated:-null},"rewritten":${rewritten:-null},"recoverySeconds":[$recovery],"verdict":"$verdict","notes":"$notes"}
JSON
  results_written=yes
  say "$verdict; results in $results"
  [[ $verdict == PASS ]]
}
