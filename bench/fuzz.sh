#!/usr/bin/env bash
# A longer schema-driven fuzz run (ADR 016): the suite's fuzz test (tests/Biotope.Tests/Infrastructure/FuzzTests.cs)
# with more cases per operation and another seed, on SQLite and on the PostgreSQL server the tests start.
#
#   bench/fuzz.sh                       FUZZ_CASES=1000, FUZZ_SEED=20261207
#   FUZZ_CASES=5000 FUZZ_SEED=7 bench/fuzz.sh
#
# Environment: FUZZ_CASES (requests per operation [1000]), FUZZ_SEED (System.Random seed [20261207]),
# FUZZ_DATABASES ("Sqlite", "Postgres" or "" for both [""]). Any 5xx fails the run and is printed
# (method, path, role, body, response). Needs what scripts/test needs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export FUZZ_CASES="${FUZZ_CASES:-1000}" FUZZ_SEED="${FUZZ_SEED:-20261207}"
echo "fuzz: seed $FUZZ_SEED, $FUZZ_CASES cases per operation, databases: ${FUZZ_DATABASES:-Sqlite Postgres}"
BIOTOPE_SKIP_FORMAT=1 exec "$ROOT/scripts/test" --filter "FullyQualifiedName~${FUZZ_DATABASES:-}FuzzTests" \
  --logger "console;verbosity=detailed"
