import { DEFAULT_CATEGORY_COSTS, type RepoConfig } from "../config/repo-schema.js";
import type { LabelSpec, LabelsPort } from "../github/port.js";
import { PRIORITIES, type RepoRef } from "../types.js";

const PRIORITY_COLOURS = { critical: "b60205", high: "d93f0b", medium: "fbca04", low: "0e8a16" };
const SIZES = [
  ["S", "up to 1 hour"],
  ["M", "1–2 hours"],
  ["L", "4–6 hours"],
  ["XL", "8–12 hours"],
] as const;

/** The labels Nightshift reads and writes, named as the repository's config says. */
export function labelSet(config: Pick<RepoConfig, "labels" | "categories">): LabelSpec[] {
  const { labels } = config;
  const categories = [
    ...new Set([...Object.keys(DEFAULT_CATEGORY_COSTS), ...Object.keys(config.categories.costs)]),
  ];
  return [
    ...PRIORITIES.map((p) => ({
      name: `${labels.priority}${p}`,
      color: PRIORITY_COLOURS[p],
      description: `Nightshift queue: ${p} priority`,
    })),
    ...categories.map((c) => ({
      name: `${labels.category}${c}`,
      color: "1d76db",
      description: config.categories.autoApprove.includes(c)
        ? `Nightshift: ${c} (runs without approval)`
        : `Nightshift: ${c} (needs /approve)`,
    })),
    ...SIZES.map(([size, hours]) => ({
      name: `${labels.size}${size}`,
      color: "c5def5",
      description: `Nightshift: expected work ${hours}`,
    })),
    {
      name: labels.needsApproval,
      color: "e99695",
      description: "Nightshift: waits for a maintainer's /approve (set by the bot)",
    },
    { name: labels.running, color: "5319e7", description: "Nightshift: an agent is working on it" },
    { name: labels.prOpen, color: "0e8a16", description: "Nightshift: a pull request is open" },
    {
      name: labels.followUp,
      color: "fbca04",
      description: "Nightshift: a review asked for changes; a follow-up commit comes next window",
    },
    {
      name: labels.failed,
      color: "b60205",
      description: "Nightshift: the run failed; /retry re-queues",
    },
    { name: labels.report, color: "bfd4f2", description: "Nightshift: morning reports" },
  ];
}

/**
 * Creates the labels of the set that the repository lacks (names compared case-insensitively,
 * as GitHub does). Never deletes, renames or recolours a label that exists. `cost: N` labels
 * are open-ended and left to people.
 */
export async function bootstrapLabels(
  github: LabelsPort,
  repo: RepoRef,
  config: Pick<RepoConfig, "labels" | "categories">,
): Promise<string[]> {
  const existing = new Set((await github.listLabels(repo)).map((name) => name.toLowerCase()));
  const created: string[] = [];
  for (const label of labelSet(config)) {
    if (existing.has(label.name.toLowerCase())) continue;
    await github.createLabel(repo, label);
    created.push(label.name);
  }
  return created;
}
