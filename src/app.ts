import type { ApplicationFunction, Context } from "probot";
import { TtlCache } from "./config/cache.js";
import { DeliveryDedupe } from "./github/dedupe.js";
import { KeyedWorkQueue, type AnswerFirst } from "./github/work-queue.js";
import { botLoginOf } from "./handlers/bot-login.js";
import {
  editsIssueText,
  mayCommand,
  onCommentCreated,
  onIssueChanged,
  onIssueEdited,
} from "./handlers/issue-events.js";
import {
  commentPayload,
  editPayload,
  issuePayload,
  type IssueEventContext,
} from "./handlers/issue-event.js";
import type { PlanContext } from "./handlers/plan-reply.js";
import { onPush } from "./handlers/push-events.js";
import { onInstalled, onPullRequest } from "./handlers/setup-events.js";
import { systemClock, type Logger } from "./types.js";

export interface AppOptions {
  /** Called once Probot is ready, e.g. to start the scheduler. */
  onReady?: (app: Parameters<ApplicationFunction>[0]) => void;
  /** The host's quota and policy, so `/nightshift plan` can answer; without it the command says so. */
  planContext?: PlanContext;
  /** Where handlers' work runs; pass one to wait for it (`idle()`) in tests and the demo. */
  queue?: KeyedWorkQueue;
  /** Webhook delivery dedupe; `npm start` passes the journal-backed one (survives restarts). */
  dedupe?: { firstTime(id: string): boolean };
}

/** Repository configs are re-read at most this often; pushes to the default branch evict them. */
const CONFIG_TTL_MS = 5 * 60_000;

/**
 * While deliveries arrive back to back, queued work waits (GitHub times a delivery out after 10 s,
 * and answering shares the event loop with the work): it starts after 10 ms without a new
 * delivery, or after 2 s at the latest, so a steady stream delays the work but never starves it.
 */
export const ANSWER_FIRST: AnswerFirst = { quietMs: 10, maxDelayMs: 2000 };

/** The queue `nightshiftApp` uses unless given one. */
export const webhookQueue = (logger: Logger, maxPending = 10_000): KeyedWorkQueue =>
  new KeyedWorkQueue({ concurrency: 8, maxPending, logger, answerFirst: ANSWER_FIRST });

/**
 * The Probot app: webhook handlers only, each a thin shell over domain functions. Handlers
 * answer GitHub at once and do their work on a queue keyed by issue, so one issue's events run
 * in order while different issues run side by side (GitHub's advice: answer within seconds).
 */
export function nightshiftApp(options: AppOptions = {}): ApplicationFunction {
  return (app) => {
    const dedupe = options.dedupe ?? new DeliveryDedupe(10_000);
    const botLogin = botLoginOf(app);
    const configs = new TtlCache<unknown>(CONFIG_TTL_MS, systemClock);
    const queue = options.queue ?? webhookQueue(app.log);

    /** Queues `work` once per delivery; a full queue fails the delivery so GitHub can resend it. */
    const enqueue = (context: Context, key: string, work: () => Promise<void>): void => {
      if (!dedupe.firstTime(context.id)) return;
      if (!queue.push(key, work)) throw new Error("Nightshift is overloaded; redeliver later");
    };
    const issueKey = (context: Context<"issues" | "issue_comment">): string => {
      const { owner, repo } = context.repo();
      return `${owner}/${repo}#${context.payload.issue.number}`;
    };

    /**
     * Queues work on an issue that keeps only `payload` (the fields it reads), not Probot's
     * context, and makes its installation Octokit when it starts (see `IssueEventContext`).
     * Without an installation there is nothing the work could do.
     */
    const enqueueIssue = <P>(
      context: Context<"issues" | "issue_comment">,
      payload: P,
      work: (event: IssueEventContext<P>) => Promise<void>,
    ): void => {
      const installationId = context.payload.installation?.id;
      if (installationId === undefined) {
        context.log.warn("delivery names no installation; ignoring it");
        return;
      }
      const { id } = context;
      const ref = context.repo();
      enqueue(context, issueKey(context), async () => {
        const octokit = await app.auth(installationId);
        const log = app.log.child({ name: "event", id });
        await work({ id, payload, octokit, log, repo: () => ref });
      });
    };

    app.on(
      ["issues.opened", "issues.labeled", "issues.unlabeled", "issues.reopened"],
      (context) => {
        enqueueIssue(context, issuePayload(context.payload), async (event) => {
          await onIssueChanged(event, await botLogin(), configs);
        });
      },
    );

    // Edits that leave the text alone, and comments that command nothing, need no work at all.
    app.on("issues.edited", (context) => {
      if (!editsIssueText(context.payload)) return;
      enqueueIssue(context, editPayload(context.payload), async (event) => {
        await onIssueEdited(event, await botLogin(), configs);
      });
    });

    app.on("issue_comment.created", (context) => {
      if (!mayCommand(context.payload)) return;
      enqueueIssue(context, commentPayload(context.payload), (event) =>
        onCommentCreated(event, botLogin, options.planContext, configs),
      );
    });

    app.on(["installation.created", "installation_repositories.added"], (context) => {
      enqueue(context, `installation ${context.payload.installation.id}`, () =>
        onInstalled(context),
      );
    });

    app.on(
      ["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"],
      (context) => {
        const { repository, pull_request } = context.payload;
        enqueue(context, `${repository.full_name}!${pull_request.number}`, () =>
          onPullRequest(context),
        );
      },
    );

    // A push may change a config: evict it at once rather than wait for the TTL.
    app.on("push", (context) => {
      onPush(context, configs);
    });

    options.onReady?.(app);
  };
}
