# The few helpers every corridor-watch script shares (sourced, not run): one way to stop with an
# error, to say what is happening, and to ask whether a loopback port is taken. The sourcing
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

# Something listens on 127.0.0.1:$1.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
