#!/usr/bin/env bash
# Runs every benchmark and writes benchmarks/results/{jmh.json,scenarios.json,fresh-threads.json,pool.json,redis.json,redis.md,python.json,python-pool.json,summary.md}.
# Usage (from the repository root): bash benchmarks/run.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."
quick=""
jmh_opts=()
if [ "${1:-}" = "--quick" ]; then
  quick="--quick"
  jmh_opts=(-wi 1 -w 1 -i 2 -r 1)
fi
results=benchmarks/results
mkdir -p "$results"
./mvnw -q -B -pl benchmarks -am package -DskipTests
jar=benchmarks/target/benchmarks.jar
java -jar "$jar" "${jmh_opts[@]}" -rf json -rff "$results/jmh.json"
java -cp "$jar" io.managedobjects.benchmarks.Scenarios "$results" $quick
# fresh threads: virtual threads need a JDK 21+ (the library runs on 17); VT_JAVA names one, else the newest found
vt_java="${VT_JAVA:-$(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | while read -r j; do
  v=$("$j" -XX:+IgnoreUnrecognizedVMOptions -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
  [ "${v:-0}" -ge 21 ] && echo "$j"; done | tail -1)}"
"${vt_java:-java}" -cp "$jar" io.managedobjects.benchmarks.FreshThreads "$results" $quick
java -cp "$jar" io.managedobjects.benchmarks.PoolThroughput "$results" $quick
java -cp "$jar" io.managedobjects.benchmarks.RedisComparison "$results" $quick
if command -v python3 >/dev/null 2>&1; then
  python3 benchmarks/python/manager_bench.py --out "$results/python.json" $quick
  python3 benchmarks/python/pool_bench.py --out "$results/python-pool.json" $quick
else
  echo "python3 not found: the table shows no Python column"
fi
java -cp "$jar" io.managedobjects.benchmarks.Report "$results"
