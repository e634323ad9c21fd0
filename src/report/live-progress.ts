import type { SessionOutcome } from "./outcome.js";
import { withRetry } from "../github/retry.js";
import type { Journal } from "../store/journal.js";
import { repoFullName, type Clock, type Logger } from "../types.js";
import { ensureReportIssue } from "./post.js";
import { renderProgress } from "./progress.js";
import type { ReportTarget } from "./report-target.js";
import { marker, upsertComment } from "./upsert.js";

export interface ProgressDeps {
  sessionId: string;
  targets: ReadonlyMap<string, ReportTarget>;
  journal: Journal;
  clock: Clock;
  logger: Logger;
  /** The session as the journal tells it now. */
  snapshot(): SessionOutcome;
  /**
   * At most one write per repository in this long, the first no sooner than this after the
   * cycle began: a night of short runs writes once an interval, not once per run.
   */
  intervalMs: number;
}

/**
 * The night's progress comments: each repository's is written only when its own runs changed,
 * at most once per interval (a change inside it is written when the interval is up), and once
 * more when the cycle ends. Writes are chained, so two runs finishing together cannot both
 * create the comment.
 */
export class ProgressPoster {
  private readonly lastWrite = new Map<string, number>();
  private readonly dirty = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly startedAt: number;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly deps: ProgressDeps) {
    this.startedAt = deps.clock.now().getTime();
  }

  /** A run of `repo` started or settled. */
  changed(repo: string): void {
    if (this.stopped) return;
    this.dirty.add(repo);
    const since = this.lastWrite.get(repo) ?? this.startedAt;
    const wait = since + this.deps.intervalMs - this.deps.clock.now().getTime();
    if (wait <= 0) {
      this.enqueue(repo);
      return;
    }
    if (this.timers.has(repo)) return;
    const timer = setTimeout(() => {
      this.timers.delete(repo);
      this.enqueue(repo);
    }, wait);
    timer.unref();
    this.timers.set(repo, timer);
  }

  /** The cycle is over: every change not yet shown is written now. */
  async flush(): Promise<void> {
    this.clearTimers();
    for (const repo of this.dirty) this.enqueue(repo);
    await this.chain;
  }

  /** The morning report follows and gives the comment its last word: pending edits are dropped. */
  async cancel(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    this.dirty.clear();
    await this.chain;
  }

  private clearTimers(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private enqueue(repo: string): void {
    this.chain = this.chain.then(() => this.write(repo));
  }

  private async write(repo: string): Promise<void> {
    if (!this.dirty.delete(repo)) return;
    const { clock, journal, sessionId } = this.deps;
    const now = clock.now();
    this.lastWrite.set(repo, now.getTime());
    const session = this.deps.snapshot();
    const night = session.repos.find((candidate) => repoFullName(candidate.repo) === repo);
    const target = this.deps.targets.get(repo);
    if (!night || !target) return;
    try {
      await withRetry(async () => {
        const issue = await ensureReportIssue(target.github, target.ref, target.config);
        await upsertComment(
          target.github,
          target.ref,
          issue.number,
          marker("progress", sessionId),
          renderProgress(night, session, now),
          marker("preview", sessionId),
        );
      });
      journal.posts.mark(sessionId, repo, "progress", "posted", now);
    } catch (error) {
      this.deps.logger.error({ err: error, repo }, "editing the progress comment failed");
    }
  }
}
