import type { Context } from "probot";
import { ConfigError } from "../config/errors.js";
import { parseRepoConfig, REPO_CONFIG_PATH } from "../config/load.js";
import { checkConfigOnPull } from "./config-check.js";
import { octokitGitHub } from "../github/octokit-port.js";
import { bootstrapLabels } from "../queue/label-set.js";

/** The app was installed on repositories: create Nightshift's labels where they are missing. */
export async function onInstalled(
  context: Context<"installation.created" | "installation_repositories.added">,
): Promise<void> {
  const github = octokitGitHub(context.octokit);
  const repos =
    "repositories_added" in context.payload
      ? context.payload.repositories_added
      : (context.payload.repositories ?? []);
  for (const { full_name } of repos) {
    const [owner = "", repo = ""] = full_name.split("/");
    const ref = { owner, repo };
    let config;
    try {
      config = parseRepoConfig(await github.readConfig(ref, REPO_CONFIG_PATH));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      context.log.warn({ repo: full_name, problems: error.problems }, "bad config; default labels");
      config = parseRepoConfig(null);
    }
    const created = await bootstrapLabels(github, ref, config);
    context.log.info({ repo: full_name, created }, "labels bootstrapped");
  }
}

/** A pull request opened or updated: check the config file if it changes it. */
export async function onPullRequest(
  context: Context<"pull_request.opened" | "pull_request.synchronize" | "pull_request.reopened">,
  hostAgents?: readonly string[],
): Promise<void> {
  const { pull_request } = context.payload;
  // A fork's head is read through the base repository, where GitHub keeps the PR's commits.
  await checkConfigOnPull(
    octokitGitHub(context.octokit),
    context.repo(),
    {
      number: pull_request.number,
      headSha: pull_request.head.sha,
    },
    hostAgents,
  );
}
