# syntax=docker/dockerfile:1
# The support bot: `docker build -t support-bot .` then
#   docker run -p 3978:3978 -v bot-data:/data --env-file .env support-bot
# See README "Deployment" for the environment and Azure.

# Node.js 24, the active LTS line (package.json engines: >=22.12).
ARG NODE_VERSION=24

# --- build: dependencies, the compiled dist/, then only production dependencies kept ---
FROM node:${NODE_VERSION}-bookworm-slim AS build
# better-sqlite3 and hnswlib-node build from source when no prebuilt binary fits: g++, make, Python.
RUN apt-get update \
  && apt-get install -y --no-install-recommends g++ make python3 ca-certificates \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# All dependencies (esbuild compiles), install scripts as package.json's allowScripts says.
RUN npm ci
COPY . .
# dist/: the product compiled to JavaScript with source maps (npm run build); then the
# development dependencies go.
RUN npm run build && npm prune --omit=dev && npm cache clean --force

# --- runtime: no compiler, a non-root user, the data directory as a volume ---
FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    HOST=0.0.0.0 \
    PORT=3978 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=root:root /app /app
# The image's files stay read-only for the bot; only /data (index, SQLite) is writable.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3978
# /healthz answers 503 while the index loads, 200 once the bot is ready (and 503 while stopping).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# On `docker stop` the bot stops accepting requests, finishes the turns in progress (at most
# SHUTDOWN_TIMEOUT_SECONDS, 25 by default) and closes its database: keep the stop timeout above
# that (docker stop -t 35; Kubernetes terminationGracePeriodSeconds: 35).
STOPSIGNAL SIGTERM
# The compiled JavaScript, no TypeScript at start-up (npm run start:prod); node itself is PID 1,
# so SIGTERM reaches the bot's graceful shutdown directly. JSON logs (no terminal here).
ENV LOG_FORMAT=json
CMD ["node", "--enable-source-maps", "dist/app/index.js"]
