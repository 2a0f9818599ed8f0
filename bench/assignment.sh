#!/usr/bin/env bash
# Reviewer assignment and ranking benchmark (issue 3): builds Release, then times ReviewerAssignment.Solve on a
# synthetic call (500 proposals, 300 experts, 3 reviewers each, load 6, ~5% conflicts), checks its total
# against cbc's optimum on the same problem written as an LP file, and times Ranking.Rank on 500 proposals.
# Prints a Markdown table; exits non-zero if the two totals disagree.
#
#   bench/assignment.sh [biotope-bench-assignment options]     e.g. --seed 7 --runs 15; --help lists them
#
# Needs: the .NET 10 SDK and cbc (Debian: apt-get install -y coinor-cbc).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROJECT="$ROOT/bench/Biotope.Bench.Assignment"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

command -v dotnet >/dev/null 2>&1 || { echo "bench/assignment.sh: dotnet is missing (.NET 10 SDK)" >&2; exit 1; }
command -v cbc >/dev/null 2>&1 || { echo "bench/assignment.sh: cbc is missing (Debian: apt-get install -y coinor-cbc)" >&2; exit 1; }

printf '==> building Release\n' >&2
dotnet build "$PROJECT" -c Release --nologo -v quiet >&2

printf '==> running (progress on stderr, the table on stdout)\n' >&2
echo "Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -n1); $(date -u '+%Y-%m-%d %H:%M UTC'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
dotnet "$PROJECT/bin/Release/net10.0/biotope-bench-assignment.dll" "$@"
