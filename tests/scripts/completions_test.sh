#!/usr/bin/env bash
# The shell completions (dist/completions) parse, and offer what the binary has: every command of
# `lineage --help`, and every option of each `lineage <command> --help`.
#   - bash: `bash -n`, then the file is sourced in a fresh bash, `complete -p lineage` names its
#     function, and the function is called as bash calls it (COMP_WORDS) for the first word and for
#     "--" after each command;
#   - zsh: `zsh -n` (skipped, exit 77, when zsh is absent: scripts/install-deps.sh installs it), and
#     each command's branch of the file names every option of that command.
# Usage: completions_test.sh LINEAGE_BINARY SOURCE_DIR
set -euo pipefail
BIN=$1
SRC=$2
BASH_FILE=$SRC/dist/completions/lineage.bash
ZSH_FILE=$SRC/dist/completions/_lineage
fail=0
bad() { echo "FAIL: $*"; fail=1; }

bash -n "$BASH_FILE" || bad "bash -n $BASH_FILE"
# The binary's commands: the indented first words of the command list in `lineage --help`.
commands=$("$BIN" --help | awk '/^  [a-z]/ {print $1}')
[ -n "$commands" ] || bad "no commands in lineage --help"
options_of() { "$BIN" "$1" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u; }
# Runs the bash completion for the words given; prints its candidates, one a line.
complete_bash() {
  bash -c 'source "$1"; shift
    complete -p lineage | grep -q "_lineage" || { echo "complete -p: no _lineage" >&2; exit 1; }
    COMP_WORDS=(lineage "$@"); COMP_CWORD=$#; COMPREPLY=(); _lineage
    printf "%s\n" "${COMPREPLY[@]}"' _ "$BASH_FILE" "$@"
}
first=$(complete_bash "")
for c in $commands; do
  grep -qx -- "$c" <<<"$first" || bad "bash: '$c' not offered as a command"
  offered=$(complete_bash "$c" "--")
  for o in $(options_of "$c"); do
    grep -qx -- "$o" <<<"$offered" || bad "bash: lineage $c: '$o' not offered"
  done
done

if ! command -v zsh >/dev/null; then
  [ $fail = 0 ] || exit 1
  echo "SKIP: zsh not installed (bash checked)"
  exit 77
fi
zsh -n "$ZSH_FILE" || bad "zsh -n $ZSH_FILE"
# A command's branch: from its "<cmd>)" case label to the ";;" that ends it, with the shared
# option lists ($common, $claim, $hub) it expands.
branch() {
  awk -v c="$1" '$1 == c")" {on = 1} on {print} on && /;;/ {exit}' "$ZSH_FILE"
}
for c in $commands; do
  grep -q "'$c:" "$ZSH_FILE" || bad "zsh: '$c' not among the commands"
  body=$(branch "$c")
  [ -n "$body" ] || { bad "zsh: no branch for '$c'"; continue; }
  for list in common claim hub; do
    if grep -q -e "\$$list" -e "\${$list" <<<"$body"; then
      body+=$(awk -v l="$list" '$0 ~ "^ *(local )?" l "=\\(" {on = 1} on {print} on && /^ *\)$/ {exit}' "$ZSH_FILE")
    fi
  done
  for o in $(options_of "$c"); do
    grep -q -- "$o\[" <<<"$body" || grep -q -- ",$o}" <<<"$body" ||
      bad "zsh: lineage $c: '$o' not offered"
  done
done
[ $fail = 0 ] && echo "completions: bash and zsh offer every command and option"
exit $fail
