import type { EmitterWebhookEvent } from "@octokit/webhooks";
import type { Probot } from "probot";
import type { Dedupe } from "../github/dedupe.js";
import { installationClients } from "../github/installation-clients.js";
import { MalformedDeliveryError } from "./delivery-shape.js";
import type { KeyedWorkQueue } from "../github/work-queue.js";
import type { RepoRef } from "../types.js";
import {
  commentPayload,
  editPayload,
  issuePayload,
  type IssueEventContext,
} from "./issue-event.js";
import {
  editsIssueText,
  mayCommand,
  onCommentCreated,
  onIssueChanged,
  onIssueEdited,
} from "./issue-events.js";
import type { ActionsEvents } from "../night/actions-events.js";
import type { RepeatAdoptions } from "./report-events.js";
import type { PlanContext } from "./plan-reply.js";
import { onFollowUpRequested, pullCommentFollowUp } from "./review-events.js";
import type { HandlerCaches } from "./repo-context.js";
import { commentEditPayload, editsWeekendList, onWeekendListEdited } from "./weekend-events.js";

/** An issue or issue-comment delivery as GitHub sends it: no Octokit, no logger yet. */
export type IssueDelivery = EmitterWebhookEvent<"issues" | "issue_comment">;

export interface IssueRouterDeps {
  app: Pick<Probot, "auth" | "log">;
  queue: KeyedWorkQueue;
  dedupe: Dedupe;
  botLogin: () => Promise<string>;
  caches: HandlerCaches;
  planContext: PlanContext | undefined;
  /** Runs on GitHub Actions, which `/skip` and `/hold` cancel; absent without that backend. */
  actions?: Pick<ActionsEvents, "cancelIssueRuns">;
  /** Where a dashboard tick adopts a repeat suggestion (the journal); absent, none is adopted. */
  repeats?: RepeatAdoptions;
}

/** A full queue fails the delivery (503) so it can be redelivered. */
export class OverloadedError extends Error {
  /** The HTTP answer; Probot's webhook middleware answers with an error's `status` too. */
  readonly status = 503;

  constructor() {
    super("Nightshift is overloaded; redeliver later");
    this.name = "OverloadedError";
  }
}

/**
 * Queues `work` under `key` once per delivery id (`X-GitHub-Delivery`); a full queue throws
 * `OverloadedError`, which fails the delivery so it can be redelivered. The id is remembered
 * only once the work is queued: a refused delivery's redelivery must not count as a duplicate.
 */
export function queueOnce(
  { queue, dedupe }: { queue: Pick<KeyedWorkQueue, "push">; dedupe: Dedupe },
  id: string,
  key: string,
  work: () => Promise<void>,
): void {
  if (dedupe.seen(id)) return;
  if (!queue.push(key, work)) throw new OverloadedError();
  dedupe.remember(id);
}

const CHANGED = new Set(["opened", "labeled", "unlabeled", "reopened"]);

/**
 * Routes one issue or comment delivery: queues the work it needs (once per delivery id, keyed
 * by issue so one issue's events run in order), or nothing. The work keeps only the payload
 * fields it reads and takes its installation Octokit when it starts (one per installation,
 * reused: `github/installation-clients.ts`), so a delivery costs next to nothing until its work
 * runs. Throws `OverloadedError` when the queue is full. The payload's
 * shape is checked before (`handlers/delivery-shape.ts`).
 */
export function issueRouter(deps: IssueRouterDeps): (delivery: IssueDelivery) => void {
  const { app, botLogin, caches } = deps;
  const clientOf = installationClients((id) => app.auth(id));

  const enqueue = <P>(
    delivery: IssueDelivery,
    payload: P,
    work: (event: IssueEventContext<P>) => Promise<void>,
  ): void => {
    const { id } = delivery;
    const { installation, repository, issue } = delivery.payload;
    if (installation === undefined) throw new MalformedDeliveryError("no installation");
    const installationId = installation.id;
    const ref: RepoRef = { owner: repository.owner.login, repo: repository.name };
    queueOnce(deps, id, `${ref.owner}/${ref.repo}#${String(issue.number)}`, async () => {
      const octokit = await clientOf(installationId);
      const log = app.log.child({ name: "event", id });
      await work({ id, payload, octokit, log, repo: () => ref });
    });
  };

  return (delivery) => {
    if (delivery.name === "issues") {
      const { payload } = delivery;
      if (payload.action === "edited") {
        // Edits that leave the text alone need no work at all.
        if (!editsIssueText(payload)) return;
        enqueue(delivery, editPayload(payload), async (event) => {
          await onIssueEdited(event, await botLogin(), caches, deps.repeats);
        });
      } else if (CHANGED.has(payload.action)) {
        enqueue(delivery, issuePayload(payload), async (event) => {
          await onIssueChanged(event, await botLogin(), caches);
        });
      }
      return;
    }
    const { payload } = delivery;
    // An edited weekend list may hold ticks to check; other edited comments never command.
    if (payload.action === "edited") {
      if (!editsWeekendList(payload)) return;
      enqueue(delivery, commentEditPayload(payload), async (event) => {
        await onWeekendListEdited(event, await botLogin(), caches);
      });
      return;
    }
    // Comments that command nothing need no work at all.
    if (payload.action !== "created") return;
    // `/nightshift fix` on a pull request's conversation: a review follow-up (review/).
    const followUp = pullCommentFollowUp(payload);
    if (followUp) {
      enqueue(delivery, followUp, async (event) => {
        await onFollowUpRequested(event, await botLogin(), caches);
      });
      return;
    }
    if (!mayCommand(payload)) return;
    enqueue(delivery, commentPayload(payload), (event) =>
      onCommentCreated(event, botLogin, deps.planContext, caches, deps.actions),
    );
  };
}
