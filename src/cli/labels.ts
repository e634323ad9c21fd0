import { ConfigError } from "../config/errors.js";
import { parseRepoConfig, REPO_CONFIG_PATH } from "../config/load.js";
import type { RepoTarget } from "../github/target.js";
import { bootstrapLabels } from "../queue/label-set.js";

/** `nightshift labels`: each repository's missing labels created, one line per repository. */
export async function bootstrapAllLabels(targets: readonly RepoTarget[]): Promise<string[]> {
  const lines: string[] = [];
  for (const { ref, github } of targets) {
    const name = `${ref.owner}/${ref.repo}`;
    let config;
    try {
      config = parseRepoConfig(await github.readConfig(ref, REPO_CONFIG_PATH));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      lines.push(`${name}: skipped, ${error.message}`);
      continue;
    }
    const created = await bootstrapLabels(github, ref, config);
    lines.push(
      `${name}: ${created.length === 0 ? "every label already exists" : `created ${created.join(", ")}`}`,
    );
  }
  return lines;
}
