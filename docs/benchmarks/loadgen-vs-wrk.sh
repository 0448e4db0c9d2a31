#!/usr/bin/env bash
# The load generator (`run`) against wrk on one trivial local target, each pinned to core 0, the target to core 1.
# Usage (after `mvn -o test-compile` and `mvn dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt`):
#   docs/benchmarks/loadgen-vs-wrk.sh [SECONDS] [ROUNDS] [RATES...]
# Prints one line per measurement with the load average before it; the summaries stay in $OUT.
set -euo pipefail
SECONDS_EACH=${1:-15}
ROUNDS=${2:-2}
shift 2 || true
RATES=("${@:-1000 10000}")
read -r -a RATES <<< "${RATES[*]}"
CP="target/classes:target/test-classes:$(cat /tmp/cp.txt)"
OUT=$(mktemp -d /tmp/loadgen-bench.XXXX)
PORT=18181
taskset -c 1 java -cp "$CP" io.metricsstreamer.testing.HttpTarget $PORT 1 > "$OUT/target.log" 2>&1 &
TARGET=$!
trap 'kill $TARGET' EXIT
for _ in $(seq 1 100); do (echo > /dev/tcp/127.0.0.1/$PORT) 2> /dev/null && break; sleep 0.2; done
URL="http://127.0.0.1:$PORT/"
load() { cut -d' ' -f1 /proc/loadavg; }
# warm the target up
wrk -t1 -c10 -d3s "$URL" > /dev/null
for round in $(seq 1 "$ROUNDS"); do
  for rate in "${RATES[@]}"; do
    la=$(load)
    taskset -c 0 java -cp "$CP" io.metricsstreamer.cli.Main run --host 127.0.0.1 --port 0 --http-port 0 \
      --target "$URL" --profile sustained --start-tps "$rate" --peak-tps "$rate" --duration "$SECONDS_EACH" \
      --summary "$OUT/run-$round-$rate.json" > "$OUT/run-$round-$rate.log" 2>&1 || true
    python3 - "$OUT/run-$round-$rate.json" "$rate" "$la" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); rate = float(sys.argv[2])
se = s["scheduling_error_ms"]
print(f"run  rate {rate:>7.0f}/s  load {sys.argv[3]:>5}  answered {s['throughput_tps']:9.1f}/s "
      f"({100 * s['throughput_tps'] / s['target_tps'] - 100:+.2f}% of schedule) "
      f"over_limit {s['failures']['over_limit']} cpu {100 * s['cpu_utilization']:.0f}% of core 0  "
      f"latency p50 {s['p50_response_time_ms']:.3f} p99 {s['p99_response_time_ms']:.3f} max "
      f"{s['max_response_time_ms']:.1f} ms  sched err p50 {se['p50']:.3f} p99 {se['p99']:.3f} "
      f"p99.9 {se['p999']:.3f} max {se['max']:.1f} ms")
PY
  done
  la=$(load)
  TIMEFORMAT='%R %U %S'
  { time taskset -c 0 wrk -t1 -c50 -d"${SECONDS_EACH}s" --latency "$URL" > "$OUT/wrk-$round.txt"; } \
    2> "$OUT/wrk-$round.time"
  cpu=$(awk '{printf "%.0f", 100 * ($2 + $3) / $1}' "$OUT/wrk-$round.time")
  echo "wrk  -t1 -c50 load $la  $(grep 'Requests/sec' "$OUT/wrk-$round.txt") cpu $cpu% of core 0 " \
    "$(grep -E '^ +(50|99)%' "$OUT/wrk-$round.txt" | tr -s ' ' | tr '\n' ' ')"
done
echo "summaries in $OUT"
