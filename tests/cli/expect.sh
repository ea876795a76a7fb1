# Sourced by the faultlens-cli test scripts. expect RC PATTERN -- command...: runs the
# command, checks its exit code and that its combined output matches the extended regex
# PATTERN; refute PATTERN -- command...: the output must not match (any exit code);
# verdict NAME: the script's last line and exit status.
passed=0; failed=0
expect() {
  local rc="$1" pattern="$2"; shift 3
  local out; out="$("$@" 2>&1)"; local got=$?
  # No message may leak an internal error or a C++ backtrace to the user.
  if [[ $got -eq $rc ]] && grep -Eq -- "$pattern" <<<"$out" && ! grep -Eq "unexpected error|Exception raised from|^frame #" <<<"$out"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $* (exit $got, wanted $rc, pattern '$pattern')" | cut -c1-2000; echo "$out" | head -20 | cut -c1-2000
  fi
}
refute() {
  local pattern="$1"; shift 2
  local out; out="$("$@" 2>&1)"
  if grep -Eq -- "$pattern" <<<"$out"; then
    failed=$((failed + 1))
    echo "FAIL: $* printed '$pattern'" | cut -c1-2000; echo "$out" | head -20 | cut -c1-2000
  else
    passed=$((passed + 1))
  fi
}
# pass_if NAME -- command...: counts the command's success; names it when it fails.
pass_if() {
  local name="$1"; shift 2
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name"; fi
}
verdict() {
  echo "$1: $passed passed, $failed failed"
  [[ $failed -eq 0 ]]
}
