import type { Octokit } from "./octokit/client.js";

export interface InstallationClientOptions {
  /** How long one installation's client is reused (its auth renews the token by itself). */
  ttlMs?: number;
  /** Most installations kept; the least recently made is dropped first. */
  max?: number;
  /** Milliseconds on a monotonic clock. */
  now?: () => number;
}

/**
 * Installation clients reused across webhook jobs. Probot's `auth(id)` builds a new Octokit
 * (its plugins, throttling and request methods) on every call, about 50 KB of garbage a job:
 * a burst of deliveries left the process's heap 30 MB larger per 600 jobs, collected while it
 * answered the next burst. One client per installation serves every job of that installation
 * for `ttlMs`; a failed `auth` is not kept.
 */
export function installationClients(
  auth: (installationId: number) => Promise<Octokit>,
  {
    ttlMs = 10 * 60_000,
    max = 1_000,
    now = () => performance.now(),
  }: InstallationClientOptions = {},
): (installationId: number) => Promise<Octokit> {
  const clients = new Map<number, { client: Promise<Octokit>; madeAt: number }>();
  return (installationId) => {
    const kept = clients.get(installationId);
    if (kept && now() - kept.madeAt < ttlMs) return kept.client;
    clients.delete(installationId);
    const client = auth(installationId);
    clients.set(installationId, { client, madeAt: now() });
    client.catch(() => {
      if (clients.get(installationId)?.client === client) clients.delete(installationId);
    });
    for (const oldest of clients.keys()) {
      if (clients.size <= max) break;
      clients.delete(oldest);
    }
    return client;
  };
}
