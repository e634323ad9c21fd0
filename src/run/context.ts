import type { HostConfig } from "../config/host-schema.js";
import type { RepoConfig } from "../config/repo-schema.js";
import type {
  CommentsPort,
  GitAccessPort,
  PullsPort,
  RepoInfo,
  RepoPort,
  RepoRole,
  ReviewsPort,
} from "../github/port.js";
import type { PrepareInput, Workspace } from "../runner/workspace.js";
import type { Isolation } from "../sandbox/policy.js";
import type { Clock, Logger } from "../types.js";
import type { RunOutcome } from "./outcome.js";

/** The shared types of one run's steps (prepare → execute → accept → ship). */

/** The repository a run works in, as planning found it, and who is told what of the run. */
export interface RunContext {
  /** What a run asks of GitHub: the base, the comments and reviews it reads, a token, its pull. */
  github: RepoPort & CommentsPort & PullsPort & ReviewsPort & GitAccessPort;
  info: RepoInfo;
  config: RepoConfig;
  roleOf: (login: string) => Promise<RepoRole>;
  /** The journal's id of this attempt: it names the run's log, prompt, gate logs and worktree. */
  runId: string;
  hooks?: RunHooks;
}

/** What the caller (the journaled night) hears between the steps. */
export interface RunHooks {
  /** Prepare succeeded and the agent is about to start: the run spends from here on. */
  beforeAgent?(): Promise<void>;
  /** A process group of the run (the agent, then each gate) started, or is gone. */
  processStarted?(pid: number): void;
  processEnded?(): void;
  /** A follow-up's commit is made and about to be pushed onto its pull request's branch. */
  beforeFollowUpPush?(): void;
}

/** The app's git identity: `<slug>[bot]` and its noreply address. */
export interface BotIdentity {
  name: string;
  email: string;
}

export interface RunDeps {
  clock: Clock;
  logger: Logger;
  host: HostConfig;
  sessionId: string;
  identity: BotIdentity;
  baseEnv: NodeJS.ProcessEnv;
  /** The boundary this host gives runs (probed once; `none` only when the operator opted out). */
  isolation: Isolation;
  prepareWorkspace(input: PrepareInput): Promise<Workspace>;
}

/** Everything a run step needs to name its files and report its result. */
export interface RunScope {
  runId: string;
  /** The stem of the run's file names in `logDir` (run-files.ts). */
  fileStem: string;
  hooks: RunHooks;
  logDir: string;
  started: Date;
  log: Logger;
  finish(fields: Partial<RunOutcome> & Pick<RunOutcome, "status">): RunOutcome;
}
