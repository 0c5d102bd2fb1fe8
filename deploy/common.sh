# The few helpers every corridor-watch script shares (sourced, not run): one way to stop with an
# error, to say what is happening, to end an option loop, to ask whether a loopback port is taken,
# and to check for Java and Maven. The sourcing
# script sets $script, the name its messages begin with, before it sources this file.
# shellcheck shell=bash

# One line on stderr and exit code 2. A script that must remember why it stopped (a drill writing
# its results) sets die_hook to a function that receives the message first.
die() {
  if [[ -n ${die_hook:-} ]]; then
    "$die_hook" "$*"
  fi
  echo "$script: $*" >&2
  exit 2
}

say() { echo "$script: $*" >&2; }

# The last arm of an option loop: -h or --help prints the script's usage() and exits 0; any other
# word is an unknown option.
help_or_unknown_option() {
  case "$1" in
    -h | --help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
}

# Something listens on 127.0.0.1:$1.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Java 17 or later and Maven on the PATH, or one line that says what to install.
need_java_and_maven() {
  command -v java >/dev/null 2>&1 || die "java not found; install a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless)"
  command -v mvn >/dev/null 2>&1 || die "mvn not found; install Maven 3.8+ (Debian: apt-get install maven)"
  local version
  version=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  [[ "${version%%.*}" -ge 17 ]] || die "java $version found; corridor-watch needs Java 17 or later"
}

# A duration as the Java programs take it (500ms, 10s, 5m, 2h), printed in milliseconds; anything
# else stops the script with one line. Checked by the script so that a typo stops it before it
# starts a broker or a job, not after.
duration_ms() { # option value
  [[ $2 =~ ^([0-9]+)(ms|s|m|h)$ ]] || die "$1: write it like 500ms, 10s, 5m or 2h, got '$2'"
  local n=$((10#${BASH_REMATCH[1]}))
  case ${BASH_REMATCH[2]} in
    ms) echo "$n" ;;
    s) echo $((n * 1000)) ;;
    m) echo $((n * 60000)) ;;
    h) echo $((n * 3600000)) ;;
  esac
}

# A number above zero, such as 2000 or 0.5; anything else stops the script with one line.
require_positive() { # option value
  if ! [[ $2 =~ ^[0-9]*\.?[0-9]+$ ]] || ! awk -v x="$2" 'BEGIN { exit !(x > 0) }'; then
    die "$1 must be a number above zero, got '$2'"
  fi
}

# A TCP port, 1 to 65535; anything else stops the script with one line.
require_port() { # option value
  [[ $2 =~ ^[0-9]{1,5}$ ]] && ((10#$2 >= 1 && 10#$2 <= 65535)) || die "$1 must be a port from 1 to 65535, got '$2'"
}
