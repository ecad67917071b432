#!/usr/bin/env bash
# Before/after figures for a change, in one run: each bench on REF (a temporary worktree with its own
# build) and on this checkout, interleaved (the order alternates per round), so both sides see the
# same machine. Figures from two separate runs differ by more than most changes do.
#
#   nice -n 10 scripts/bench-before-after.sh REF [ROUNDS=2] [BENCHES="search anchoring reader notes reanchor"]
#   nice -n 10 scripts/bench-before-after.sh REF 1 tests     # test count and time, both sides
#
# Each side runs its own version of each bench (what that commit measured). The search bench runs
# at the 1 MB and 10 MB scales and compares ours with MiniSearch only (SEARCH_ARGS to change that):
# the full corpus takes a quiet machine's half hour per side. Raw logs, each headed by the load
# average when it started, go to $BENCH_LOGS (default /tmp/sb-bench-<ref>/logs); a digest of the
# headline lines is printed at the end. REF's node_modules is this checkout's (a symlink): the
# dependencies only grew since issue 8 began, none changed version.
set -euo pipefail

REF=${1:?usage: scripts/bench-before-after.sh REF [ROUNDS] [BENCHES]}
ROUNDS=${2:-2}
BENCHES=${3:-search anchoring reader notes reanchor}
SEARCH_ARGS=${SEARCH_ARGS:---scales 1,10 --runs 1 --systems ours,minisearch}
HERE=$(git rev-parse --show-toplevel)
SHARED=$(cd "$HERE/../shared" && pwd)
SHORT=$(git rev-parse --short "$REF")
BASE=/tmp/sb-bench-$SHORT
BEFORE=$BASE/before
LOGS=${BENCH_LOGS:-$BASE/logs}

mkdir -p "$BASE" "$LOGS"
# The benches find the corpora at <checkout>/../shared.
ln -sfn "$SHARED" "$BASE/shared"
if [ ! -e "$BEFORE/.git" ]; then git -C "$HERE" worktree add --detach "$BEFORE" "$REF" >/dev/null; fi
cleanup() { git -C "$HERE" worktree remove --force "$BEFORE" 2>/dev/null || true; }
[ -n "${KEEP_WORKTREE:-}" ] || trap cleanup EXIT
ln -sfn "$HERE/node_modules" "$BEFORE/node_modules"

echo "building $SHORT (before) and $(git -C "$HERE" rev-parse --short HEAD) (after)"
(cd "$BEFORE" && npx tsx scripts/build.ts >/dev/null)
(cd "$HERE" && npx tsx scripts/build.ts >/dev/null)

command_for() {
  case $1 in
    search) echo "npx tsx tests/bench/search-bench.ts $SEARCH_ARGS" ;;
    # The first development set is the one both sides know; the speed scenario is the same file.
    anchoring) echo "npx tsx tests/bench/anchoring-bench.ts --cases $SHARED/anchoring/reanchor-dev/cases.jsonl" ;;
    reader) echo "npx tsx tests/bench/reader-bench.ts" ;;
    notes) echo "npx tsx tests/bench/notes-bench.ts" ;;
    # Re-anchoring through the notebook; on this side it also prints the backend thread's busy time,
    # in process (the old wiring) and through the source worker, in one run.
    reanchor) echo "npx tsx tests/notebook/reanchor-bench.ts" ;;
    # The test count and time (not a bench; ask for it with BENCHES=tests, one round is enough).
    tests) echo "npx vitest run --reporter=dot" ;;
    *) echo "unknown bench $1" >&2; exit 2 ;;
  esac
}

run_one() { # bench side round
  local dir=$HERE log=$LOGS/$1.$2.$3.log
  [ "$2" = before ] && dir=$BEFORE
  { echo "# $1 on $2 ($(git -C "$dir" rev-parse --short HEAD)), round $3, $(date -u +%H:%M:%S) UTC, load: $(cut -d' ' -f1-3 /proc/loadavg)"
    (cd "$dir" && eval "$(command_for "$1")") 2>&1 || echo "# exit status $?"
  } >"$log"
  echo "  $1 $2 round $3 done ($(cut -d' ' -f1-3 /proc/loadavg))"
}

for round in $(seq 1 "$ROUNDS"); do
  for bench in $BENCHES; do
    if [ $((round % 2)) = 1 ]; then run_one "$bench" before "$round"; run_one "$bench" after "$round"
    else run_one "$bench" after "$round"; run_one "$bench" before "$round"; fi
  done
done

echo; echo "digest (raw logs in $LOGS)"
for bench in $BENCHES; do
  for log in "$LOGS/$bench".*.log; do
    echo "== $(basename "$log" .log): $(head -1 "$log" | sed 's/.*load: /load /')"
    plain() { sed 's/\x1b\[[0-9;]*m//g' "$log"; } # vitest colours its summary
    case $bench in
      search) plain | grep -E '^\|' || true ;;
      anchoring) plain | grep -E 'pooled\*\*|\*\*reanchor|"hits"|anchor\(\):|indexOf baseline' || true ;;
      reader) plain | grep -E 'cold \(|prefetched by|bare getSource|first getSource|short sample' || true ;;
      notes) plain | grep -E 'insert median' || true ;;
      reanchor) plain | grep -E '^anchoring |^reanchorSource|anchored anew' || true ;;
      tests) plain | grep -E '^ *(Test Files|Tests|Duration) ' || true ;;
    esac
    echo "   (ended $(date -u -r "$log" +%H:%M:%S) UTC)"
  done
done
