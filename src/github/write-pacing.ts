import type { ProbotOctokit } from "probot";
import { throttling } from "@octokit/plugin-throttling";

/** The spacing of content-creating requests, and of those that notify people. */
export interface WritePacing {
  writeMs: number;
  notifyingMs: number;
}

/** plugin-throttling's: 1 s between writes, 3 s between notifying ones. */
const PLUGIN_PACING: WritePacing = { writeMs: 1_000, notifyingMs: 3_000 };

/** One installation's writes, in the order they were asked for. */
class WriteTurns {
  private last = Promise.resolve();
  private lastWrite = Number.NEGATIVE_INFINITY;
  private lastNotifying = Number.NEGATIVE_INFINITY;

  /** Resolves when this write may be sent: 1 s after the previous, 3 s after a notifying one. */
  take(notifying: boolean, pacing: WritePacing): Promise<void> {
    const turn = this.last.then(async () => {
      const now = Date.now();
      const at = Math.max(
        now,
        this.lastWrite + pacing.writeMs,
        notifying ? this.lastNotifying + pacing.notifyingMs : now,
      );
      if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
      this.lastWrite = at;
      if (notifying) this.lastNotifying = at;
    });
    this.last = turn;
    return turn;
  }
}

/** Process-global, as the throttling plugin's limiters are; one per installation. */
const turns = new Map<string, WriteTurns>();

/** Minting a token is not content (the throttling plugin leaves it out too). */
const isTokenRequest = (pathname: string): boolean =>
  /^\/app\/installations\/[^/]+\/access_tokens$/.test(pathname) ||
  pathname.startsWith("/applications/") ||
  pathname === "/login/oauth/access_token";

interface PacedOptions {
  throttle?: { enabled?: boolean };
  auth?: { installationId?: unknown };
  /** Tests that play a night in seconds space writes less (default: the plugin's spacing). */
  pacing?: WritePacing;
}

/**
 * Spaces content-creating requests where they are sent: 1 s apart, and 3 s apart for those
 * that notify (issues, comments, pull requests). plugin-throttling waits for its `write` slot
 * first and then queues a notifying request for its `notifications` slot, so a comment that
 * waited half a minute is sent in the same minute as the writes that took the slots after it:
 * measured (docs/benchmarks.md, figure 8c), 84 writes in 60 s, over GitHub's 80. Registered
 * after the throttling plugin, this hook runs before it; `WaitingOctokit` turns the plugin's
 * notifications wait off, and its write wait then finds its second already passed.
 */
export function pacedWrites(
  octokit: Pick<InstanceType<typeof ProbotOctokit>, "hook">,
  options: PacedOptions,
): object {
  if (options.throttle?.enabled === false) return {};
  // Not the plugin's `throttle.id`: Probot gives it the installation id in `auth(id)`'s clients
  // but not in a webhook context's, so the two paced one installation's writes apart.
  const installation = options.auth?.installationId;
  const key =
    typeof installation === "number" || typeof installation === "string"
      ? String(installation)
      : "app";
  const pacing = options.pacing ?? PLUGIN_PACING;
  const mine = turns.get(key) ?? new WriteTurns();
  turns.set(key, mine);
  octokit.hook.wrap("request", async (request, endpoint) => {
    const { pathname } = new URL(endpoint.url, "http://github.test");
    if (endpoint.method !== "GET" && endpoint.method !== "HEAD" && !isTokenRequest(pathname)) {
      await mine.take(throttling.triggersNotification(pathname), pacing);
    }
    return request(endpoint);
  });
  return {};
}
