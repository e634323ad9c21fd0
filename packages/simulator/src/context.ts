import { join } from "node:path";
import type { DownloadLinks } from "./actions/downloads.js";
import type { ActionsEngine } from "./actions/engine.js";
import type { AppKey, TokenStore } from "./auth.js";
import type { FaultList } from "./faults.js";
import { fullName, type RepoRecord } from "./model.js";
import type { RateLimits } from "./ratelimit.js";
import type { Urls } from "./render.js";
import type { WebhookQueue } from "./webhooks.js";
import type { World } from "./world.js";

export interface Violation {
  method: string;
  path: string;
  message: string;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  /** The query string as sent (`?state=closed&…`), or "". */
  search: string;
  status: number;
  /** When the answer was sent (epoch ms, the real clock): benchmarks count requests per minute. */
  at: number;
}

/** Everything a route, an operation or the git endpoint needs; one per simulator. */
export interface SimContext {
  world: World;
  urls: Urls;
  hooks: WebhookQueue;
  tokens: TokenStore;
  key: AppKey;
  dataDir: string;
  strictOpenApi: boolean;
  violations: Violation[];
  requests: RequestLogEntry[];
  faults: FaultList;
  rates: RateLimits;
  /** Serialises ref-changing work per repository (pushes, merges). */
  lock: RepoLock;
  /** Workflow runs started by `workflow_dispatch`, and their artifacts. */
  actions: ActionsEngine;
  /** Short-lived artifact download URLs. */
  downloads: DownloadLinks;
}

export const gitDirOf = (dataDir: string, repo: RepoRecord): string =>
  join(dataDir, `${fullName(repo).toLowerCase()}.git`);

/** A per-repository promise chain: `run` waits for earlier work on the same repository. */
export class RepoLock {
  private readonly tails = new Map<number, Promise<unknown>>();

  async run<T>(repo: RepoRecord, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(repo.id) ?? Promise.resolve();
    const result = previous.catch(() => undefined).then(work);
    this.tails.set(repo.id, result);
    try {
      return await result;
    } finally {
      if (this.tails.get(repo.id) === result) this.tails.delete(repo.id);
    }
  }
}
