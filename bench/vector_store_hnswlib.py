"""hnswlib side of bench/vector-store.bench.ts, and the exact ground truth for both sides.

Reads the bench's float32 vectors (docs N×D, queries Q×D) and int32 concept numbers (docs N, queries Q),
computes the exact top 10 by cosine (numpy; every vector is unit length, so cosine = dot product), unfiltered
and within each query's concept, then builds an hnswlib index (cosine, M 16, ef_construction 100, 2 threads)
and times searches (ef as ours, default 100) one at a time (latency p50/p99, searches/s) and as one batch on 2 threads (throughput),
with recall@10 against the exact top 10.

usage: python vector_store_hnswlib.py DIR N Q D OUT_JSON [EF [exact-only]]   (DIR holds docs.f32, queries.f32, docs.i32, queries.i32)
"""
import importlib.metadata
import json
import sys
import time

import numpy as np

folder, n, q, d, out_path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
ef = int(sys.argv[6]) if len(sys.argv) > 6 else 100
docs = np.fromfile(f"{folder}/docs.f32", dtype=np.float32).reshape(n, d)
queries = np.fromfile(f"{folder}/queries.f32", dtype=np.float32).reshape(q, d)
doc_concepts = np.fromfile(f"{folder}/docs.i32", dtype=np.int32)
query_concepts = np.fromfile(f"{folder}/queries.i32", dtype=np.int32)
K = 10

# Exact top 10, in blocks of rows so 1M × 384 never needs a Q × N float64 matrix at once.
t0 = time.perf_counter()
scores = np.empty((q, n), dtype=np.float32)
for start in range(0, n, 100_000):
    scores[:, start : start + 100_000] = queries @ docs[start : start + 100_000].T
exact = np.argsort(-scores, axis=1)[:, :K]
masked = np.where(doc_concepts[None, :] == query_concepts[:, None], scores, -np.inf)
exact_filtered = np.argsort(-masked, axis=1)[:, :K]
del scores, masked
exact_seconds = time.perf_counter() - t0

result = {
    "exact": exact.tolist(),
    "exact_filtered": exact_filtered.tolist(),
    "exact_seconds": exact_seconds,
}
skip = len(sys.argv) > 7 and sys.argv[7] == "exact-only"
try:
    if skip:
        raise ImportError("skipped at this size (BENCH_VS_HNSWLIB_UP_TO); exact top 10 only")
    import hnswlib

    index = hnswlib.Index(space="cosine", dim=d)
    t0 = time.perf_counter()
    index.init_index(max_elements=n, M=16, ef_construction=100)
    index.add_items(docs, np.arange(n), num_threads=2)
    build_seconds = time.perf_counter() - t0
    index.set_ef(ef)
    for query in queries[:20]:
        index.knn_query(query[None, :], k=K, num_threads=1)
    latencies = []
    found = []
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    for query in queries:
        started = time.perf_counter()
        labels, _ = index.knn_query(query[None, :], k=K, num_threads=1)
        latencies.append(time.perf_counter() - started)
        found.append(labels[0])
    sequential_seconds = time.perf_counter() - t0
    sequential_cpu = time.process_time() - cpu0
    t0 = time.perf_counter()
    index.knn_query(queries, k=K, num_threads=2)
    batch_seconds = time.perf_counter() - t0
    hits = sum(len(set(f.tolist()) & set(e.tolist())) for f, e in zip(found, exact))
    result["hnswlib"] = {
        "version": importlib.metadata.version("hnswlib"),
        "params": f"cosine, M 16, ef_construction 100, ef {ef}",
        "build_s": build_seconds,
        "searches_per_second": q / sequential_seconds,
        "batch_2_threads_searches_per_second": q / batch_seconds,
        "cpu_ms_per_search": sequential_cpu * 1000 / q,
        "p50_ms": float(np.percentile(latencies, 50) * 1000),
        "p99_ms": float(np.percentile(latencies, 99) * 1000),
        "recall_at_10": hits / (q * K),
    }
except ImportError as error:
    result["hnswlib"] = {"skipped": str(error) if skip else f"hnswlib not importable: {error}"}

with open(out_path, "w") as out:
    json.dump(result, out)
