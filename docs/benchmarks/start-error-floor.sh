#!/usr/bin/env bash
# The load generator's start error at 1,000 requests/s against the machine's floor, interleaved: a bare thread
# sleeping to the same due times (testing.WakeUpFloor), then `run` (unpinned, as a user runs it; the target pinned
# to core 1). Usage (after `mvn -o test-compile` and `mvn dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt`):
#   [CLASSES=other/target/classes] docs/benchmarks/start-error-floor.sh [SECONDS] [ROUNDS]
set -euo pipefail
SECONDS_EACH=${1:-15}
ROUNDS=${2:-3}
CP="${CLASSES:-target/classes}:target/test-classes:$(cat /tmp/cp.txt)"
OUT=$(mktemp -d /tmp/start-error.XXXX)
PORT=18183
# the launcher's JVM flags (bin/metrics-streamer), so that `run` is measured as a user starts it
JVM=(-Xmx192m -Xmn32m -XX:MetaspaceSize=64m -XX:GCTimeRatio=4 -XX:MaxDirectMemorySize=512m
  --add-opens=java.base/java.nio=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true
  -Dio.netty.leakDetection.level=disabled)
taskset -c 1 java -cp "$CP" io.metricsstreamer.testing.HttpTarget $PORT 1 > "$OUT/target.log" 2>&1 &
TARGET=$!
trap 'kill $TARGET' EXIT
for _ in $(seq 1 100); do (echo > /dev/tcp/127.0.0.1/$PORT) 2> /dev/null && break; sleep 0.2; done
wrk -t1 -c10 -d3s "http://127.0.0.1:$PORT/" > /dev/null
for round in $(seq 1 "$ROUNDS"); do
  java -cp "$CP" io.metricsstreamer.testing.WakeUpFloor 1000 $((SECONDS_EACH * 1000)) "$OUT/floor-$round.txt"
  echo "load $(cut -d' ' -f1 /proc/loadavg)  $(cat "$OUT/floor-$round.txt")"
  java "${JVM[@]}" -cp "$CP" io.metricsstreamer.cli.Main run --host 127.0.0.1 --port 0 --http-port 0 \
    --target "http://127.0.0.1:$PORT/" --profile sustained --start-tps 1000 --peak-tps 1000 \
    --duration "$SECONDS_EACH" --summary "$OUT/run-$round.json" > "$OUT/run-$round.log" 2>&1 || true
  python3 - "$OUT/run-$round.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); e = s["scheduling_error_ms"]
print(f"load {open('/proc/loadavg').read().split()[0]}  run   p50 {e['p50']:.3f} p99 {e['p99']:.3f} "
      f"p99.9 {e['p999']:.3f} max {e['max']:.1f} ms  answered {s['throughput_tps']:.1f}/s "
      f"cpu {100 * s['cpu_utilization']:.0f}% of a core")
PY
done
echo "summaries in $OUT"
