import type { ApplicationFunction, Context } from "probot";
import { RoleCache } from "./approval/role-cache.js";
import { TtlCache } from "./config/cache.js";
import { DeliveryDedupe, type Dedupe } from "./github/dedupe.js";
import { assertWellFormed } from "./handlers/delivery-shape.js";
import { KeyedWorkQueue, type AnswerFirst } from "./github/work-queue.js";
import { octokitGitHub } from "./github/octokit-port.js";
import { runEventOf } from "./backends/actions/run-events.js";
import type { ActionsEvents } from "./night/actions-events.js";
import { botLoginOf } from "./github/bot-login.js";
import { issueDeliveries } from "./handlers/issue-deliveries.js";
import { issueRouter, queueOnce } from "./handlers/issue-router.js";
import type { PlanContext } from "./handlers/plan-reply.js";
import { onPush } from "./handlers/push-events.js";
import type { RepeatAdoptions } from "./handlers/report-events.js";
import {
  onFollowUpRequested,
  reviewCommentFollowUp,
  reviewFollowUp,
  type FollowUpPayload,
} from "./handlers/review-events.js";
import { onInstalled, onPullRequest } from "./handlers/setup-events.js";
import { systemClock, type Clock, type Logger } from "./types.js";

export interface AppOptions {
  /** Called once Probot is ready, e.g. to start the scheduler. */
  onReady?: (app: Parameters<ApplicationFunction>[0]) => void;
  /** The host's quota and policy, so `/nightshift plan` can answer; without it the command says so. */
  planContext?: PlanContext;
  /** Where handlers' work runs; pass one to wait for it (`idle()`) in tests and the demo. */
  queue?: KeyedWorkQueue;
  /** Webhook delivery dedupe; `npm start` passes the journal-backed one (survives restarts). */
  dedupe?: Dedupe;
  /** Probot's webhook path, when it was changed (`WEBHOOK_PATH`). */
  webhookPath?: string;
  /** The clock role lookups are remembered by (tests pass a fake one). */
  clock?: Clock;
  /** The host's agent names: config pull requests choosing another fail their check. */
  hostAgents?: readonly string[];
  /** Runs on GitHub Actions (`workflow_run`, `workflow_job`); without it those events are ignored. */
  actions?: ActionsEvents;
  /** Where a dashboard tick adopts a repeat suggestion (`npm start`: the journal's repeats). */
  repeats?: RepeatAdoptions;
}

const DEFAULT_WEBHOOK_PATH = "/api/github/webhooks";

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
  return (app, { addHandler }) => {
    const dedupe = options.dedupe ?? new DeliveryDedupe(10_000);
    const botLogin = botLoginOf(app);
    const configs = new TtlCache<unknown>(CONFIG_TTL_MS, systemClock);
    const roles = new RoleCache(options.clock ?? systemClock);
    const queue = options.queue ?? webhookQueue(app.log);

    const enqueue = (context: Context, key: string, work: () => Promise<void>): void => {
      queueOnce({ queue, dedupe }, context.id, key, work);
    };
    // A malformed signed payload throws `MalformedDeliveryError`: Probot answers its 400.
    const wellFormed = (context: Context): void => {
      assertWellFormed(context.name, context.payload);
    };

    // Issue and comment deliveries: over HTTP they take the fast path before Probot's
    // middleware (the server reads the body first, so the fast path has it); `probot.receive`
    // (tests, tools) brings them here through Probot's own handlers.
    const routeIssueDelivery = issueRouter({
      app,
      queue,
      dedupe,
      botLogin,
      caches: { configs, roles },
      planContext: options.planContext,
      ...(options.actions ? { actions: options.actions } : {}),
      ...(options.repeats ? { repeats: options.repeats } : {}),
    });
    try {
      addHandler(
        issueDeliveries({
          path: (options.webhookPath ?? DEFAULT_WEBHOOK_PATH).replace(/\/+$/, ""),
          verify: (body, signature) => app.webhooks.verify(body, signature),
          route: routeIssueDelivery,
          log: app.log,
        }),
      );
    } catch (error) {
      // `probot.load` without a server (tests, tools): no HTTP deliveries to take.
      app.log.debug({ err: error }, "no HTTP server; issue deliveries come through Probot only");
    }
    app.on("issues", (context) => {
      wellFormed(context);
      routeIssueDelivery({ id: context.id, name: "issues", payload: context.payload });
    });
    app.on("issue_comment", (context) => {
      wellFormed(context);
      routeIssueDelivery({ id: context.id, name: "issue_comment", payload: context.payload });
    });

    app.on(["installation.created", "installation_repositories.added"], (context) => {
      wellFormed(context);
      enqueue(context, `installation ${context.payload.installation.id}`, () =>
        onInstalled(context),
      );
    });

    app.on(
      ["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"],
      (context) => {
        wellFormed(context);
        const { repository, pull_request } = context.payload;
        enqueue(context, `${repository.full_name}!${pull_request.number}`, () =>
          onPullRequest(context, options.hostAgents),
        );
      },
    );

    // A review requesting changes, or `/nightshift fix` in a review comment: a follow-up run.
    const followUp = (
      context: Context<"pull_request_review" | "pull_request_review_comment">,
      payload: FollowUpPayload | null,
    ): void => {
      if (!payload) return;
      const ref = context.repo();
      enqueue(context, `${ref.owner}/${ref.repo}#${String(payload.issue.number)}`, async () => {
        const event = { id: context.id, payload, octokit: context.octokit, log: context.log };
        await onFollowUpRequested({ ...event, repo: () => ref }, await botLogin(), {
          configs,
          roles,
        });
      });
    };
    app.on("pull_request_review.submitted", (context) => {
      wellFormed(context);
      followUp(context, reviewFollowUp(context.payload));
    });
    app.on("pull_request_review_comment.created", (context) => {
      wellFormed(context);
      followUp(context, reviewCommentFollowUp(context.payload));
    });

    // A push may change a config: evict it at once rather than wait for the TTL.
    app.on("push", (context) => {
      wellFormed(context);
      onPush(context, configs);
    });

    // Runs on GitHub Actions: a completed run the journal holds in flight is collected
    // (night/actions-events.ts); its progress and other workflows' runs change nothing.
    app.on(["workflow_run", "workflow_job"], (context) => {
      wellFormed(context);
      const { actions } = options;
      const event = runEventOf(context.name, context.payload);
      if (actions === undefined || event === null) return;
      const { installation } = context.payload;
      const port = octokitGitHub(context.octokit, installation?.id ?? 0);
      const target = { ref: context.repo(), github: port, actions: port };
      enqueue(context, `actions ${event.repo}#${String(event.runId)}`, () =>
        actions.onRunEvent(event, target),
      );
    });

    options.onReady?.(app);
  };
}
