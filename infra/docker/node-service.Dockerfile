# syntax=docker/dockerfile:1
# One recipe for the Node services orchestrator, crawler, parser and qstash-local (compose passes SERVICE
# and PORT): `docker build -f infra/docker/node-service.Dockerfile --build-arg SERVICE=orchestrator .`
# The validator (CUDA base, tfjs-node-gpu) and the edge worker (wrangler) have their own Dockerfiles.

# Build stage: toolchain for native addons (better-sqlite3), pnpm, the workspace; infra/docker/build-stage.sh
# does the work (tests/deploy runs the same script outside Docker). python3-venv: the parser's `model` step
# derives its fused ONNX graph with onnx and onnxruntime from PyPI in a venv (/model-venv, this stage only).
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-venv make g++ ca-certificates \
  && rm -rf /var/lib/apt/lists/* && npm install -g pnpm@12.4.2
ENV npm_config_nodedir=/usr/local CI=true
WORKDIR /repo
COPY . .
ARG SERVICE
RUN test -n "$SERVICE" || { echo "build with --build-arg SERVICE=<orchestrator|crawler|parser|qstash-local>"; exit 1; }
RUN sh infra/docker/build-stage.sh install "$SERVICE" \
  && mkdir -p /models && if [ "$SERVICE" = parser ]; then sh infra/docker/build-stage.sh model /models; fi \
  && sh infra/docker/build-stage.sh bundle "$SERVICE" /out

# Final stage: Node and the bundle only (no compiler, no pnpm, no Python), a non-root user that owns /data.
# The parser's /app/models holds the pinned model_quantized.onnx and the model_fused.onnx derived from it;
# with MODEL_DTYPE unset it runs the fused graph (MODEL_DTYPE=q8 runs the pinned file: same vectors, slower).
FROM node:20-bookworm-slim
ARG PORT=8000
ENV NODE_ENV=production HOST=0.0.0.0 PORT=${PORT} \
  QSTASH_DATA_DIR=/data/qstash-local VECTOR_DB_PATH=/data/lancedb \
  MODEL_DIR=/app/models MODEL_CACHE_DIR=/data/transformers-cache
RUN groupadd --system --gid 10001 app \
  && useradd --system --uid 10001 --gid app --home-dir /home/app --create-home --shell /usr/sbin/nologin app \
  && mkdir -p /data/qstash-local /data/lancedb /data/transformers-cache \
  && chown -R app:app /data
WORKDIR /app
# Read-only for the service: everything it writes goes to /data (a volume) or /tmp.
COPY --from=build /out/package.json /out/healthcheck.mjs ./
COPY --from=build /out/node_modules ./node_modules
COPY --from=build /out/dist ./dist
COPY --from=build /models ./models
USER app
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 CMD ["node", "/app/healthcheck.mjs"]
CMD ["node", "--enable-source-maps", "dist/main.js"]
