import type { CheckRunResult, GitHubPort } from "../github/port.js";
import type { RepoRef } from "../types.js";
import { ConfigError } from "./errors.js";
import { parseRepoConfig, parseYamlText, REPO_CONFIG_PATH } from "./load.js";

export const CONFIG_CHECK_NAME = "Nightshift config";

/** The check a pull request's version of `.github/nightshift.yml` earns, pure. */
export function configCheck(text: string | null, headSha: string): CheckRunResult {
  const base = { name: CONFIG_CHECK_NAME, headSha };
  if (text === null) {
    return {
      ...base,
      conclusion: "success",
      title: `${REPO_CONFIG_PATH} removed`,
      summary: "Nightshift will use its defaults.",
    };
  }
  try {
    const raw = parseYamlText(text, REPO_CONFIG_PATH);
    // `_extends` is resolved by Probot when the config is read, not part of the schema.
    const own =
      raw !== null && typeof raw === "object" && !Array.isArray(raw)
        ? Object.fromEntries(Object.entries(raw).filter(([key]) => key !== "_extends"))
        : raw;
    parseRepoConfig(own);
    return { ...base, conclusion: "success", title: `${REPO_CONFIG_PATH} is valid`, summary: "" };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return {
      ...base,
      conclusion: "failure",
      title: `${REPO_CONFIG_PATH} is not valid`,
      summary: `${error.message}\n\nNothing runs on this repository while the default branch has a config that does not validate.`,
    };
  }
}

/**
 * A failing (or passing) check run on a pull request that changes the config file, so a bad
 * file is caught where it is written. Pull requests that do not touch it get no check.
 */
export async function checkConfigOnPull(
  github: GitHubPort,
  repo: RepoRef,
  pull: { number: number; headSha: string },
): Promise<CheckRunResult | null> {
  const files = await github.listPullFiles(repo, pull.number);
  if (!files.includes(REPO_CONFIG_PATH)) return null;
  const text = await github.readFileAt(repo, REPO_CONFIG_PATH, pull.headSha);
  const check = configCheck(text, pull.headSha);
  await github.createCheckRun(repo, check);
  return check;
}
