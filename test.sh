#!/usr/bin/env bash
# Every test, on a fresh machine of this project's kind (.NET SDK 10, Node 20, PostgreSQL 15 binaries).
# It does the setup the tests need first, so a newcomer and CI run exactly the same thing.
# Arguments are passed to `dotnet test` (e.g. ./test.sh --filter FullyQualifiedName~Calendar).
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The storage contract suite runs against a real PostgreSQL server that the tests start themselves
# from the server binaries; install them if this machine lacks them.
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  if [[ $(id -u) -eq 0 ]]; then
    echo "Installing the PostgreSQL server binaries for the storage tests..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "The storage tests need PostgreSQL server binaries: sudo apt-get install postgresql" >&2
    exit 1
  fi
fi

# The card pictures are rendered by Microsoft's renderer in Debian's Chromium (with an emoji font for the marks),
# and the client sign-off page is answered in it.
if [[ ! -x /usr/bin/chromium ]] || ! fc-list 2>/dev/null | grep -qi "color emoji"; then
  if [[ $(id -u) -eq 0 ]]; then
    echo "Installing Chromium and an emoji font for the card picture test..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-color-emoji >/dev/null
  else
    echo "The card picture test needs Chromium: sudo apt-get install chromium fonts-noto-color-emoji" >&2
    exit 1
  fi
fi

# Microsoft's own tools the tests run against (the Agents Playground), pinned in tests/node/package-lock.json.
if [[ ! -d tests/node/node_modules/@microsoft/m365agentsplayground || tests/node/package-lock.json -nt tests/node/node_modules/.package-lock.json ]]; then
  echo "Installing the Node test tools (tests/node)..."
  npm ci --prefix tests/node --no-audit --no-fund --loglevel=error
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT

status=0
dotnet test DeliveryBot.sln "$@" 2>&1 | tee "$log" || status=$?

# One closing line for the whole run, summed over the test projects' summaries.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
if [[ $failed -gt 0 ]]; then echo "Failed tests:"; grep -E '^\s+Failed ' "$log" || true; fi
echo "$passed passed, $failed failed"
if [[ $status -eq 0 && $passed -eq 0 ]]; then echo "No test ran." >&2; exit 1; fi
exit "$status"
