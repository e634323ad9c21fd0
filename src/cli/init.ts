import { readFileSync } from "node:fs";
import { z } from "zod";
import { actionsWorkflow } from "../backends/actions/workflow.js";
import { WORKFLOW_FILE } from "../config/backends-schema.js";

const PackageJson = z.object({ name: z.string(), version: z.string() });

/** `nightshift@<this version>`: the job must read the inputs this bot writes. */
export function thisPackageSpec(): string {
  const file = new URL("../../package.json", import.meta.url);
  const pkg = PackageJson.parse(JSON.parse(readFileSync(file, "utf8")));
  return `${pkg.name}@${pkg.version}`;
}

/**
 * `nightshift init`: prints the workflow a repository commits as
 * `.github/workflows/nightshift-agent.yml` for the `actions` backend (docs/actions.md), pinned
 * to this version; `--secret NAME` passes a repository secret to the job, `--oidc` adds
 * `id-token: write`.
 */
export function initCommand(options: { secrets: readonly string[]; oidc: boolean }): string {
  const text = actionsWorkflow({
    packageSpec: thisPackageSpec(),
    secrets: options.secrets,
    oidc: options.oidc,
  });
  return `# Commit as .github/workflows/${WORKFLOW_FILE} on the default branch.\n${text}`;
}
