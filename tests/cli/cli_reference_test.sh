#!/usr/bin/env bash
# The command-line reference matches the program. Every verb that `faultlens-cli --help`
# lists has a section in docs/cli-reference.md (a heading that starts with the verb in
# backticks, such as "## `campaign --model A ...`"), and every long option (--something)
# that `faultlens-cli VERB --help` prints is mentioned in that verb's section. The options
# of the top-level --help (--threads) must be mentioned in the page's introduction, before
# its first section; --help itself counts as documented for a verb when the introduction
# mentions it. A section for a verb that --help does not list is stale and fails too.
# Usage: cli_reference_test.sh CLI REPO_ROOT
set -uo pipefail
if [[ $# -ne 2 ]]; then
  echo "usage: $0 CLI REPO_ROOT" >&2; exit 2
fi
cli="$1"; root="$2"
doc="$root/docs/cli-reference.md"
[[ -x "$cli" ]] || { echo "FAIL: $cli is not an executable"; exit 1; }
[[ -f "$doc" ]] || { echo "FAIL: $doc does not exist"; exit 1; }

failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

# The lines of the doc's section for verb $1: from its heading to the next heading of the
# same or a higher level. Lines inside ``` fences are never headings.
section() {
  awk -v verb="$1" '
    /^[[:space:]]*```/ { fence = !fence; if (in_sec) print; next }
    !fence && /^#+ / {
      level = match($0, /[^#]/) - 1
      if (in_sec && level <= sec_level) in_sec = 0
      if (!in_sec && (index($0, "`" verb " ") == level + 2 || index($0, "`" verb "`") == level + 2)) {
        in_sec = 1; sec_level = level
      }
    }
    in_sec { print }' "$doc"
}
# The doc's introduction: everything before its first heading below the title.
intro() {
  awk '/^[[:space:]]*```/ { fence = !fence } !fence && /^##+ / { exit } { print }' "$doc"
}
# The verbs that have a section in the doc.
doc_verbs() {
  awk '/^[[:space:]]*```/ { fence = !fence; next }
       !fence && /^#+ +`[a-z][a-z0-9-]*[ `]/ { s = $0; sub(/^#+ +`/, "", s); sub(/[ `].*$/, "", s); print s }' "$doc"
}
# Long options in a text, one per line, sorted and without duplicates.
options_in() { grep -oE -- '--[A-Za-z][A-Za-z0-9-]*' | sed 's/-*$//' | sort -u; }
# mentions TEXT OPTION: the option occurs in the text as a whole word (--profile is not
# mentioned by --profile-data).
mentions() { grep -qE -- "(^|[^A-Za-z0-9-])$2([^A-Za-z0-9-]|\$)" <<<"$1"; }

top_help="$("$cli" --help 2>&1)" || { fail "'$cli --help' exited with $?"; echo "$top_help"; exit 1; }
verbs="$(awk '/^verbs:/ { listing = 1; next }
              listing && /^[[:space:]]*$/ { exit }
              listing && /^  [a-z]/ { print $1 }' <<<"$top_help")"
if [[ -z "$verbs" ]]; then
  fail "found no verb list ('verbs:' followed by indented verbs) in '$cli --help'"
  echo "$top_help"; exit 1
fi

intro_text="$(intro)"
checked=0
# Options on the verb list's lines belong to that verb; the rest to the introduction.
general_help="$(awk '/^verbs:/ { listing = 1; next }
                     listing && /^[[:space:]]*$/ { listing = 0 }
                     !listing { print }' <<<"$top_help")"
for opt in $(options_in <<<"$general_help"); do
  checked=$((checked + 1))
  mentions "$intro_text" "$opt" ||
    fail "option $opt of 'faultlens-cli --help' is not mentioned in the introduction of docs/cli-reference.md"
done

for verb in $verbs; do
  help="$("$cli" "$verb" --help 2>&1)"; rc=$?
  if [[ $rc -ne 0 ]]; then
    fail "'faultlens-cli $verb --help' exited with $rc"; continue
  fi
  help+=$'\n'"$(awk -v verb="$verb" '/^verbs:/ { listing = 1; next }
                     listing && /^[[:space:]]*$/ { exit }
                     listing && $1 == verb { print }' <<<"$top_help")"
  text="$(section "$verb")"
  if [[ -z "$text" ]]; then
    fail "command '$verb' (listed by 'faultlens-cli --help') has no section in docs/cli-reference.md"
    continue
  fi
  for opt in $(options_in <<<"$help"); do
    checked=$((checked + 1))
    if mentions "$text" "$opt"; then continue; fi
    if [[ "$opt" == "--help" ]] && mentions "$intro_text" "$opt"; then continue; fi
    fail "option $opt of command '$verb' (from 'faultlens-cli $verb --help') is not mentioned in the '$verb' section of docs/cli-reference.md"
  done
done

for verb in $(doc_verbs | sort -u); do
  grep -qxF -- "$verb" <<<"$verbs" ||
    fail "docs/cli-reference.md has a section for '$verb', which 'faultlens-cli --help' does not list"
done

if [[ $failed -ne 0 ]]; then
  echo "cli reference: $failed problem(s) in $(wc -w <<<"$verbs") verbs, $checked options checked"
  exit 1
fi
echo "cli reference: $(wc -w <<<"$verbs") verbs and $checked options documented"
