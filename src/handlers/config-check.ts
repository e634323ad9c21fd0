import type { CheckRunResult, ChecksPort, PullsPort, RepoPort } from "../github/port.js";
import type { RepoRef } from "../types.js";
import { describeHostAgents, unknownAgentProblems } from "../config/agent-names.js";
import { ConfigError } from "../config/errors.js";
import { parseRepoConfig, parseYamlText, REPO_CONFIG_PATH } from "../config/load.js";

export const CONFIG_CHECK_NAME = "Nightshift config";

const PAUSED =
  "Nothing runs on this repository while the default branch has a config that does not validate.";

/**
 * The check a pull request's version of `.github/nightshift.yml` earns, pure. With the host's
 * agent names, the agents it chooses are checked against them too (`hostAgents` unknown: not).
 */
export function configCheck(
  text: string | null,
  headSha: string,
  hostAgents?: readonly string[],
): CheckRunResult {
  const base = { name: CONFIG_CHECK_NAME, headSha };
  if (text === null) {
    return {
      ...base,
      conclusion: "success",
      title: `${REPO_CONFIG_PATH} removed`,
      summary: "Nightshift will use its defaults.",
    };
  }
  const agents = hostAgents ? `${describeHostAgents(hostAgents)}.` : "";
  try {
    const raw = parseYamlText(text, REPO_CONFIG_PATH);
    // `_extends` is resolved by Probot when the config is read, not part of the schema.
    const own =
      raw !== null && typeof raw === "object" && !Array.isArray(raw)
        ? Object.fromEntries(Object.entries(raw).filter(([key]) => key !== "_extends"))
        : raw;
    const config = parseRepoConfig(own);
    const unknown = hostAgents ? unknownAgentProblems(config.agent, hostAgents) : [];
    if (unknown.length > 0) {
      return {
        ...base,
        conclusion: "failure",
        title: `${REPO_CONFIG_PATH} chooses agents this host does not have`,
        summary: `${unknown.map((p) => `- ${p}`).join("\n")}\n\nRuns given those agents would fail. ${agents}`,
      };
    }
    return {
      ...base,
      conclusion: "success",
      title: `${REPO_CONFIG_PATH} is valid`,
      summary: agents,
    };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return {
      ...base,
      conclusion: "failure",
      title: `${REPO_CONFIG_PATH} is not valid`,
      summary: `${error.message}\n\n${PAUSED}`,
    };
  }
}

/**
 * A failing (or passing) check run on a pull request that changes the config file, so a bad
 * file is caught where it is written. Pull requests that do not touch it get no check.
 */
export async function checkConfigOnPull(
  github: RepoPort & PullsPort & ChecksPort,
  repo: RepoRef,
  pull: { number: number; headSha: string },
  hostAgents?: readonly string[],
): Promise<CheckRunResult | null> {
  const files = await github.listPullFiles(repo, pull.number);
  if (!files.includes(REPO_CONFIG_PATH)) return null;
  const text = await github.readFileAt(repo, REPO_CONFIG_PATH, pull.headSha);
  const check = configCheck(text, pull.headSha, hostAgents);
  await github.createCheckRun(repo, check);
  return check;
}
