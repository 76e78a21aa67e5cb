# syntax=docker/dockerfile:1
# The support bot: `docker build -t support-bot .` then
#   docker run -p 3978:3978 -v bot-data:/data --env-file .env support-bot
# See README "Deployment" for the environment and Azure.

ARG NODE_VERSION=20

# --- build: production dependencies, with the toolchain the native modules compile with ---
FROM node:${NODE_VERSION}-bookworm-slim AS build
# better-sqlite3 and hnswlib-node build from source when no prebuilt binary fits: g++, make, Python.
RUN apt-get update \
  && apt-get install -y --no-install-recommends g++ make python3 ca-certificates \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# Only production dependencies (tsx runs the TypeScript; no compile step).
RUN npm ci --omit=dev && npm cache clean --force
COPY . .

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
CMD ["npm", "start"]
