#!/usr/bin/env bash
# Check that every C++ source (*.cpp, *.h) is formatted per .clang-format; changes nothing.
# Lists the files that clang-format would change and exits 1 if there are any (2 on a setup error).
# Fix them with:  clang-format -i FILE...   (use clang-format 14, the version .clang-format was
# tuned for: other versions can format the same code differently).
# CLANG_FORMAT=/path/to/clang-format picks the binary (default: clang-format on PATH).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cf="${CLANG_FORMAT:-clang-format}"
if ! command -v "$cf" >/dev/null 2>&1; then
  echo "check-format: $cf not found (install clang-format 14 or set CLANG_FORMAT)" >&2
  exit 2
fi
[ -f .clang-format ] || { echo "check-format: no .clang-format in $root" >&2; exit 2; }
version="$("$cf" --version)"
case "$version" in
  *"version 14."*) ;;
  *) echo "check-format: warning: .clang-format was tuned for clang-format 14, this is: $version" >&2 ;;
esac

files=()
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  while IFS= read -r -d '' f; do [ -f "$f" ] && files+=("$f"); done < <(git ls-files -z -- '*.cpp' '*.h')
else
  while IFS= read -r -d '' f; do files+=("${f#./}"); done < <(
    find . \( -name '.git' -o -name 'build*' \) -prune -o -type f \( -name '*.cpp' -o -name '*.h' \) -print0 | sort -z)
fi
[ "${#files[@]}" -gt 0 ] || { echo "check-format: no *.cpp/*.h files found" >&2; exit 2; }

# A broken .clang-format would otherwise be reported once per file.
if ! err="$("$cf" --dump-config --style=file "${files[0]}" 2>&1 >/dev/null)"; then
  printf 'check-format: %s cannot read .clang-format:\n%s\n' "$cf" "$err" >&2
  exit 2
fi

# Few clang-format processes (xargs batches the files); one diagnostic per unformatted file.
status=0
diagnostics="$(printf '%s\0' "${files[@]}" |
  xargs -0 "$cf" --dry-run --Werror --ferror-limit=1 --style=file 2>&1 >/dev/null)" || status=$?
bad=()
while IFS= read -r f; do [ -n "$f" ] && bad+=("$f"); done < <(
  printf '%s\n' "$diagnostics" |
    sed -n 's/^\(.*\):[0-9][0-9]*:[0-9][0-9]*: error: code should be clang-formatted.*/\1/p' | sort -u)

if [ "${#bad[@]}" -gt 0 ]; then
  echo "check-format: ${#bad[@]} of ${#files[@]} files are not formatted per .clang-format:" >&2
  printf '  %s\n' "${bad[@]}" >&2
  echo "fix with: clang-format -i <file>...  (see the diff with: clang-format <file> | diff -u <file> -)" >&2
  exit 1
fi
if [ "$status" -ne 0 ]; then
  printf 'check-format: %s failed:\n%s\n' "$cf" "$(printf '%s\n' "$diagnostics" | head -n 20)" >&2
  exit 2
fi
echo "check-format: all ${#files[@]} files are formatted"
