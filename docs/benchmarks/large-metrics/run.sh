#!/usr/bin/env bash
# Issue 16, item 1, reproduced (LOG items 36-37): starts a server from JAR with bin/metrics-streamer's flags (FLAGS
# replaces them) plus $EXTRA, then runs Large.java against it: a reading WebSocket client (the JDK's) and small
# metrics for STEADY seconds [10], whose RSS is the steady state; then a stuck client that never reads and 900 kB
# POSTs of 18 x 50 kB metrics back to back (or at RATE MB/s) until MB megabytes [300] were accepted. Prints the
# reader's worst publish-to-receipt latency and the server's RSS over the steady state, peak and after.
# NMT=1 (with EXTRA=-XX:NativeMemoryTracking=summary) also writes nmtdiff.txt.
# Usage: docs/benchmarks/large-metrics/run.sh target/metrics-streamer.jar
set -euo pipefail
JAR=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
javac -d "$WORK" "$HERE/Large.java"
cd "$WORK"
FLAGS=${FLAGS:-$(sed -n 's/^exec java \(.*\) \${JAVA_OPTS.*/\1/p' "$HERE/../../../bin/metrics-streamer")}
java $FLAGS ${EXTRA:-} -jar "$JAR" \
  serve --port 0 --http-port 0 --batch-size 10 --batch-timeout 0.5 --slow-client-seconds 60 > out.txt 2> err.txt &
PID=$!
for _ in $(seq 1 100); do grep -q "listening http" out.txt 2>/dev/null && break; sleep 0.2; done
WS=$(grep "listening websocket" out.txt | sed 's/.*:\([0-9]*\)\/.*/\1/')
HTTP=$(grep "listening http" out.txt | sed 's/.*:\([0-9]*\)\/.*/\1/')
[ -n "${NMT:-}" ] && jcmd $PID VM.native_memory baseline > /dev/null
java -cp "$WORK" Large "$WS" "$HTTP" "$PID" "${STEADY:-10}" "${MB:-300}" ${RATE:-}
[ -n "${NMT:-}" ] && jcmd $PID VM.native_memory summary.diff > "$HERE/nmtdiff.txt"
kill $PID
wait $PID 2>/dev/null || true
