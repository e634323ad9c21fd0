import type { Scenario } from "../../packages/simulator/src/index.js";

const PRIORITIES = ["critical", "high", "medium", "low"] as const;
const CATEGORIES = ["bug", "docs", "perf", "tests", "feature", "refactor"] as const;

/** Outside contributors: no role in the repository, so what they write waits for approval. */
const CONTRIBUTORS = 400;
const contributor = (index: number) => `contributor-${String(index % CONTRIBUTORS)}`;

/**
 * A repository with `count` queued issues as a busy project has them: every issue labelled
 * with a priority and a category, one in six a feature (needing approval), half of those
 * approved by a maintainer, one in twenty depending on an earlier issue, and one in five
 * written by one of up to 400 outside contributors.
 */
export function queueScenario(count: number): Scenario {
  const issues = Array.from({ length: count }, (_, index) => {
    const number = index + 1;
    const category = CATEGORIES[index % CATEGORIES.length] ?? "bug";
    const dependsOn = number > 1 && number % 20 === 0 ? `\n\ndepends on #${number - 1}` : "";
    return {
      title: `Queued task ${number}`,
      body: `Something to do for task ${number}.${dependsOn}`,
      author:
        index % 5 === 4 ? contributor(Math.floor(index / 5)) : index % 3 === 0 ? "sam" : "maya",
      labels: [
        `priority: ${PRIORITIES[index % PRIORITIES.length] ?? "low"}`,
        `category: ${category}`,
      ],
      comments:
        category === "feature" && index % 2 === 0 ? [{ author: "maya", body: "/approve" }] : [],
    };
  });
  return {
    users: [
      { login: "maya" },
      { login: "sam" },
      ...Array.from({ length: Math.min(count, CONTRIBUTORS) }, (_, i) => ({
        login: contributor(i),
      })),
    ],
    repositories: [
      {
        owner: "acme",
        name: "busy",
        files: { "README.md": "# busy\n" },
        collaborators: { maya: "admin", sam: "write" },
        issues,
      },
    ],
  };
}
