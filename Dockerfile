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
FROM node:22-bookworm-slim
RUN apt-get update \
  && apt-get install -y --no-install-recommends git ca-certificates tini bubblewrap \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json app.yml ./
RUN useradd --create-home --uid 10001 nightshift \
  && mkdir -p /data && chown nightshift:nightshift /data
USER nightshift
# Mirrors, worktrees and logs live here; mount a volume to keep them across restarts.
VOLUME ["/data"]
EXPOSE 3000
# tini reaps agent processes' orphans and forwards signals so shutdown is clean.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/main.js"]
