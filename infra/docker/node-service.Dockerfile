# One image recipe for every Node service: `docker build -f infra/docker/node-service.Dockerfile
# --build-arg SERVICE=orchestrator .` (docker compose passes SERVICE). The validator has its own Dockerfile
# (CUDA base, tfjs-node-gpu).
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
  && rm -rf /var/lib/apt/lists/* && npm install -g pnpm@12.4.2
WORKDIR /repo
COPY . .
ARG SERVICE
ENV npm_config_nodedir=/usr/local
# The bundle imports the workspace packages' own dependencies (pino, ioredis…) by name, so `deploy` hoists
# every production dependency to /app/node_modules (public-hoist-pattern), not only the direct ones.
# The root package (qstash-pipeline) is installed too: it holds esbuild for infra/build-service.mjs.
RUN pnpm install --frozen-lockfile --filter "@qp/${SERVICE}..." --filter qstash-pipeline \
  && pnpm --filter "@qp/${SERVICE}" run build \
  && pnpm --filter "@qp/${SERVICE}" deploy --prod --legacy --config.public-hoist-pattern='*' /out \
  && cp -r "services/${SERVICE}/dist" /out/dist

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /out /app
USER node
CMD ["node", "--enable-source-maps", "dist/main.js"]
