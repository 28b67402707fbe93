#!/usr/bin/env bash
# Retrieval benchmark on SciFact's train claims (rag/data/scifact): quality (nDCG@10, Recall@100,
# MRR@10) and speed (indexing documents/s with in-process embeddings, peak memory, query latency
# p50/p99) of `switchboard rag eval`, once per vector storage (float32 and int8-quantised), each
# from an empty index. Writes bench/results/rag-<date>-<host>.md and prints it.
#
#   bench/rag.sh                 # ~10 min on 2 cores: two full indexings of 5,183 abstracts
#   QUANTIZED=0 bench/rag.sh     # float vectors only, ~5 min
#
# The server jar is built by the launcher if needed. The JVM runs with the launcher's default
# options plus --add-modules jdk.incubator.vector (Lucene's SIMD scoring), as docs/rag.md
# recommends for retrieval; set JAVA_OPTS to try others.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
QUANTIZED=${QUANTIZED:-1}
export JAVA_OPTS=${JAVA_OPTS:-"-Xms128m -Xmx224m -Xmn96m -XX:+UseSerialGC --add-modules jdk.incubator.vector"}
out="$BENCH_DIR/results/rag-$(date +%F)-$(hostname -s).md"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() { # run NAME EXTRA_ARGS...: one evaluation from an empty index, its JSON report to $work/NAME.json
  local name=$1
  shift
  echo "[rag] $(date +%T) $name: indexing SciFact and running its 809 train claims in three modes..." >&2
  "$REPO_DIR/switchboard" rag eval --beir "$REPO_DIR/rag/data/scifact" --split train --index "$work/$name-index" --json "$@" \
    > "$work/$name.json" 2> "$work/$name.log" || { cat "$work/$name.log" >&2; exit 1; }
}

run float
((QUANTIZED == 1)) && run quantized --quantized

{
  echo "# Retrieval benchmark, $(date '+%F %R') on $(hostname -s)"
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)), $(free -g | awk '/Mem:/{print $2}') GB," \
    "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg). JAVA_OPTS: $JAVA_OPTS."
  echo "Data: SciFact (BEIR), 5,183 abstracts, 809 train claims. Command: \`switchboard rag eval --beir rag/data/scifact --split train\`."
  echo
  python3 - "$work" <<'PY'
import json, os, sys
runs = [(n, json.load(open(os.path.join(sys.argv[1], n + ".json")))) for n in ("float", "quantized")
        if os.path.exists(os.path.join(sys.argv[1], n + ".json"))]
print("| vectors | mode | nDCG@10 | Recall@100 | MRR@10 | query p50 ms | query p99 ms |")
print("|---|---|---|---|---|---|---|")
for name, r in runs:
    for m in r["modes"]:
        print(f"| {name} | {m['mode']} | {m['ndcg10']:.4f} | {m['recall100']:.4f} | {m['mrr10']:.4f} | {m['p50_millis']:.2f} | {m['p99_millis']:.2f} |")
print()
print("| vectors | chunks | indexing s | documents/s | index MB | peak RSS MB |")
print("|---|---|---|---|---|---|")
for name, r in runs:
    print(f"| {name} | {r['chunks']} | {r['index_seconds']:.0f} | {r['documents_per_second']:.1f} | {r['index_bytes']/1e6:.1f} | {r['peak_rss_mb']} |")
PY
} > "$out"
cat "$out"
