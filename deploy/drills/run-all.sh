#!/usr/bin/env bash
# Runs every fault drill in deploy/drills (each one a *.sh with the --results FILE contract) one
# after another, then writes docs/reliability.md from their results.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

out="$root/docs/reliability.md"
soak_minutes=60
only=""

usage() {
  cat <<'USAGE'
Usage: deploy/drills/run-all.sh [options]

Runs every drill script in deploy/drills, in a fixed order (tm-kill, jm-kill, broker-restart,
savepoint-rescale, fuzz, poison-clock, soak) and then any other *.sh there that is not a helper,
each with --results FILE, one at a time (they share the drills' ports). A drill that is missing
is skipped and said so. Then writes docs/reliability.md: a table of drill, runs, lost,
duplicated, recovery time (min / median / max) and verdict, the soak plot, the machine line and
this command. Exit code 1 if any drill failed; the report is written either way.

Options:
  --out FILE          the report. Default: docs/reliability.md.
  --soak-minutes N    passed to soak.sh. Default: 60.
  --only LIST         comma-separated drill names to run (e.g. tm-kill,fuzz). Default: all.
  -h, --help          show this help.
USAGE
}

command_line="deploy/drills/run-all.sh${*:+ $*}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="${2:?--out needs a file}"; shift 2 ;;
    --soak-minutes) soak_minutes="${2:?--soak-minutes needs a number}"; shift 2 ;;
    --only) only="${2:?--only needs a list}"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
[[ $soak_minutes =~ ^[1-9][0-9]*$ ]] || die "--soak-minutes must be a positive number"
need_tools

order=(tm-kill jm-kill broker-restart savepoint-rescale fuzz poison-clock soak)
shopt -s nullglob
for f in "$drills"/*.sh; do
  name="$(basename "$f" .sh)"
  case " ${order[*]} run-all ci-subset lib " in *" $name "*) ;; *) order+=("$name") ;; esac
done

# a misspelt name would run nothing and still overwrite the report with an empty one
if [[ -n $only ]]; then
  IFS=, read -r -a wanted <<<"$only"
  for name in "${wanted[@]}"; do
    case " ${order[*]} " in
      *" $name "*) ;;
      *) die "--only: no drill named '$name'; the drills are: ${order[*]}" ;;
    esac
  done
fi

results_dir="$root/target/drills"
mkdir -p "$results_dir" "$(dirname "$out")"
drills_cp="$(drills_classpath)"

result_files=()
failed=0
for name in "${order[@]}"; do
  if [[ -n $only && ",$only," != *",$name,"* ]]; then continue; fi
  if [[ ! -x $drills/$name.sh ]]; then
    say "$name.sh is not there (yet): skipped"
    continue
  fi
  args=(--results "$results_dir/$name.json")
  [[ $name == soak ]] && args+=(--minutes "$soak_minutes" --plot "$root/docs/reliability-soak.png")
  say "running $name ..."
  if ! "$drills/$name.sh" "${args[@]}" >"$results_dir/$name.log" 2>&1; then
    failed=$((failed + 1))
    say "$name FAILED; its output is in $results_dir/$name.log"
  fi
  if [[ -s $results_dir/$name.json ]]; then
    result_files+=("$results_dir/$name.json")
  else
    say "$name wrote no result file"
  fi
done

cores="$(nproc)"
memory="$(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)"
machine="$cores cores ($(grep -m 1 'model name' /proc/cpuinfo | sed 's/.*: //'), shared), $memory RAM, $(java -version 2>&1 | head -n 1), $(date -u +%Y-%m-%d)"
plot_args=()
[[ -f $root/docs/reliability-soak.png ]] && plot_args=(--plot reliability-soak.png)
java_tool org.corridorwatch.drills.ReliabilityReport --out "$out" --machine "$machine" \
  --command "$command_line" "${plot_args[@]}" "${result_files[@]}"
((failed == 0))
