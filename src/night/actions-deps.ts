import type { HostConfig } from "../config/host-schema.js";
import type { ActionsPort, GitHubPort } from "../github/port.js";
import type { RunDeps } from "../run/context.js";
import type { Journal } from "../store/journal.js";
import type { IsOwnerAlive } from "../store/owner.js";
import type { QuotaProvider } from "../quota/ledger.js";
import type { Clock, Logger, RepoRef } from "../types.js";

/** A repository's ports for the `actions` backend: its GitHub, and its GitHub Actions. */
export interface ActionsTarget {
  ref: RepoRef;
  github: GitHubPort;
  actions: ActionsPort;
}

/**
 * What collecting, reconciling and resuming runs on GitHub Actions need, whoever does it: a
 * cycle of the night, the report pass, or a `workflow_run` webhook.
 */
export interface ActionsNightDeps {
  journal: Journal;
  clock: Clock;
  logger: Logger;
  host: HostConfig;
  /** Records a run's spend when its dispatch is recorded (a resumed dispatch spends then). */
  quota: QuotaProvider;
  /** This process (store/owner.ts): it claims the runs it collects. */
  ownerId: string;
  isOwnerAlive: IsOwnerAlive;
  /** The run steps' dependencies for a run of `sessionId` (collect ships as the bot). */
  runDeps(sessionId: string): Promise<RunDeps>;
  /** The ports of a repository (`owner/name`), or undefined when it is not installed. */
  targetOf(repo: string): Promise<ActionsTarget | undefined>;
  /** Told when a run of a repository settles (the progress comment listens). */
  onChange?(repo: string): void;
  /** Waits between looks for a run GitHub has not listed yet. */
  wait(ms: number): Promise<void>;
}
