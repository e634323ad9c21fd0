import type { ApplicationFunction } from "probot";
import { DeliveryDedupe } from "./github/dedupe.js";
import { botLoginOf } from "./handlers/bot-login.js";
import { onInstalled, onPullRequest } from "./handlers/setup-events.js";
import { onCommentCreated, onIssueChanged, onIssueEdited } from "./handlers/issue-events.js";
import type { PlanContext } from "./handlers/plan-reply.js";

export interface AppOptions {
  /** Called once Probot is ready, e.g. to start the scheduler. */
  onReady?: (app: Parameters<ApplicationFunction>[0]) => void;
  /** The host's quota and policy, so `/nightshift plan` can answer; without it the command says so. */
  planContext?: PlanContext;
}

/** The Probot app: webhook handlers only. Each handler is a thin shell over domain functions. */
export function nightshiftApp(options: AppOptions = {}): ApplicationFunction {
  return (app) => {
    const dedupe = new DeliveryDedupe(10_000);
    const botLogin = botLoginOf(app);

    app.on(
      ["issues.opened", "issues.labeled", "issues.unlabeled", "issues.reopened"],
      async (context) => {
        if (dedupe.firstTime(context.id)) await onIssueChanged(context, await botLogin());
      },
    );

    app.on("issues.edited", async (context) => {
      if (dedupe.firstTime(context.id)) await onIssueEdited(context, await botLogin());
    });

    app.on("issue_comment.created", async (context) => {
      if (dedupe.firstTime(context.id))
        await onCommentCreated(context, botLogin, options.planContext);
    });

    app.on(["installation.created", "installation_repositories.added"], async (context) => {
      if (dedupe.firstTime(context.id)) await onInstalled(context);
    });

    app.on(
      ["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"],
      async (context) => {
        if (dedupe.firstTime(context.id)) await onPullRequest(context);
      },
    );

    options.onReady?.(app);
  };
}
