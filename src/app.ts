import type { ApplicationFunction, Context } from "probot";
import { handleCommentCommands } from "./approval/comment-command.js";
import { parseCommands } from "./approval/commands.js";
import { syncApprovalLabel } from "./approval/sync.js";
import { ConfigError } from "./config/errors.js";
import { parseRepoConfig, REPO_CONFIG_PATH } from "./config/load.js";
import type { RepoConfig } from "./config/repo-schema.js";
import { OctokitGitHub } from "./github/octokit-port.js";
import { issueFromPayload, commentFromPayload } from "./github/payloads.js";
import { DeliveryDedupe } from "./github/dedupe.js";
import { roleLookup } from "./night/roles.js";

export interface AppOptions {
  /** Called once Probot is ready, e.g. to start the scheduler. */
  onReady?: (app: Parameters<ApplicationFunction>[0]) => void;
  /** Webhook delivery dedupe; `npm start` passes the journal-backed one (survives restarts). */
  dedupe?: { firstTime(id: string): boolean };
}

type IssueContext = Context<"issues" | "issue_comment">;

async function repoConfig(
  context: IssueContext,
  github: OctokitGitHub,
): Promise<RepoConfig | null> {
  try {
    return parseRepoConfig(await github.readConfig(context.repo(), REPO_CONFIG_PATH));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    context.log.warn({ problems: error.problems }, "bad repository config; ignoring event");
    return null;
  }
}

/** The Probot app: webhook handlers only. Each handler is a thin shell over domain functions. */
export function nightshiftApp(options: AppOptions = {}): ApplicationFunction {
  return (app) => {
    const dedupe = options.dedupe ?? new DeliveryDedupe(10_000);

    app.on(["issues.opened", "issues.labeled", "issues.edited"], async (context) => {
      if (!dedupe.firstTime(context.id)) return;
      const github = new OctokitGitHub(context.octokit);
      const config = await repoConfig(context, github);
      if (!config?.enabled) return;
      const repo = context.repo();
      // Never trust event order: re-read the issue rather than using the payload's copy.
      const { data } = await context.octokit.rest.issues.get({
        ...repo,
        issue_number: context.payload.issue.number,
      });
      await syncApprovalLabel({
        github,
        repo,
        issue: issueFromPayload(data),
        config,
        roleOf: roleLookup(github, repo, context.log),
      });
    });

    app.on("issue_comment.created", async (context) => {
      if (!dedupe.firstTime(context.id)) return;
      const { comment, issue } = context.payload;
      // Cheap filters first: most comments are not commands, and bots never command.
      if (issue.pull_request || comment.user?.type !== "User") return;
      if (parseCommands(comment.body).length === 0) return;
      const github = new OctokitGitHub(context.octokit);
      const config = await repoConfig(context, github);
      if (!config?.enabled) return;
      const repo = context.repo();
      const { data } = await context.octokit.rest.issues.get({
        ...repo,
        issue_number: context.payload.issue.number,
      });
      await handleCommentCommands({
        github,
        repo,
        issue: issueFromPayload(data),
        comment: commentFromPayload(comment),
        config,
        roleOf: roleLookup(github, repo, context.log),
        logger: context.log,
      });
    });

    options.onReady?.(app);
  };
}
