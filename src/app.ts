import type { ApplicationFunction, Context } from "probot";
import { TtlCache } from "./config/cache.js";
import { DeliveryDedupe } from "./github/dedupe.js";
import { KeyedWorkQueue } from "./github/work-queue.js";
import { botLoginOf } from "./handlers/bot-login.js";
import { onCommentCreated, onIssueChanged, onIssueEdited } from "./handlers/issue-events.js";
import type { PlanContext } from "./handlers/plan-reply.js";
import { onPush } from "./handlers/push-events.js";
import { onInstalled, onPullRequest } from "./handlers/setup-events.js";
import { systemClock } from "./types.js";

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
 * The Probot app: webhook handlers only, each a thin shell over domain functions. Handlers
 * answer GitHub at once and do their work on a queue keyed by issue, so one issue's events run
 * in order while different issues run side by side (GitHub's advice: answer within seconds).
 */
export function nightshiftApp(options: AppOptions = {}): ApplicationFunction {
  return (app) => {
    const dedupe = options.dedupe ?? new DeliveryDedupe(10_000);
    const botLogin = botLoginOf(app);
    const configs = new TtlCache<unknown>(CONFIG_TTL_MS, systemClock);
    const queue =
      options.queue ?? new KeyedWorkQueue({ concurrency: 8, maxPending: 10_000, logger: app.log });

    /** Queues `work` once per delivery; a full queue fails the delivery so GitHub can resend it. */
    const enqueue = (context: Context, key: string, work: () => Promise<void>): void => {
      if (!dedupe.firstTime(context.id)) return;
      if (!queue.push(key, work)) throw new Error("Nightshift is overloaded; redeliver later");
    };
    const issueKey = (context: Context<"issues" | "issue_comment">): string => {
      const { owner, repo } = context.repo();
      return `${owner}/${repo}#${context.payload.issue.number}`;
    };

    app.on(
      ["issues.opened", "issues.labeled", "issues.unlabeled", "issues.reopened"],
      (context) => {
        enqueue(context, issueKey(context), async () => {
          await onIssueChanged(context, await botLogin(), configs);
        });
      },
    );

    app.on("issues.edited", (context) => {
      enqueue(context, issueKey(context), async () => {
        await onIssueEdited(context, await botLogin(), configs);
      });
    });

    app.on("issue_comment.created", (context) => {
      enqueue(context, issueKey(context), () =>
        onCommentCreated(context, botLogin, options.planContext, configs),
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
