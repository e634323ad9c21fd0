# syntax=docker/dockerfile:1
# Build stage: install everything from the lockfile and compile TypeScript.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

# Runtime stage: production dependencies, compiled code, git for workspaces, bubblewrap for the
# sandbox around every agent run (docs/security.md), a non-root user.
# The sandbox needs user namespaces inside the container: run it with
#   --security-opt seccomp=unconfined --security-opt systempaths=unconfined
# (and --security-opt apparmor=unconfined where AppArmor restricts unprivileged namespaces),
# or set `sandbox: { mode: none }` in the host config and accept unisolated runs.
# scripts/container-run.sh starts the built server the way this image does, without a daemon.
FROM node:22-bookworm-slim
RUN apt-get update \
  && apt-get install -y --no-install-recommends git ca-certificates tini bubblewrap \
  && rm -rf /var/lib/apt/lists/*

# Agent CLIs from npm, when asked for: --build-arg AGENT_CLIS="@anthropic-ai/claude-code @openai/codex".
# They land in /usr/local, which every sandbox sees read-only. (aider is a Python tool: install it
# in a derived image.)
ARG AGENT_CLIS=""
RUN if [ -n "$AGENT_CLIS" ]; then npm install -g $AGENT_CLIS && npm cache clean --force; fi

# Listen on every interface (Probot's default is localhost, which `-p 3000:3000` cannot reach);
# keep everything in the /data volume; read /data/host.yml when it exists (built-in defaults and
# a logged notice until then). The key comes from a file: PRIVATE_KEY_PATH, e.g. a mounted secret.
ENV NODE_ENV=production \
  HOST=0.0.0.0 \
  PORT=3000 \
  NIGHTSHIFT_DATA_DIR=/data \
  NIGHTSHIFT_HOST_CONFIG=/data/host.yml
WORKDIR /app
# /app belongs to root: the bot's user can read it, not change it.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json app.yml ./
RUN useradd --create-home --uid 10001 nightshift \
  && mkdir -p /data && chown nightshift:nightshift /data
USER nightshift
# The journal, mirrors, worktrees and logs live here; mount a volume to keep them across restarts.
# One process owns a data directory (a lock file in it), so run one container per volume.
VOLUME ["/data"]
EXPOSE 3000
# Probot answers /ping; slim images have no curl, so node asks.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/ping`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# tini reaps agent processes' orphans and forwards signals so shutdown is clean.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/main.js"]
