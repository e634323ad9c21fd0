import { RepoConfigSchema, type RepoConfig } from "../../src/config/repo-schema.js";
import type { Task } from "../../src/queue/task.js";
import type { IssueSnapshot } from "../../src/types.js";

export const defaultRepoConfig = (): RepoConfig => RepoConfigSchema.parse({});

export function issue(fields: Partial<IssueSnapshot> & { number: number }): IssueSnapshot {
  return {
    title: `Issue ${fields.number}`,
    body: "",
    labels: [],
    author: "maya",
    authorType: "User",
    createdAt: `2026-11-01T00:${String(fields.number % 60).padStart(2, "0")}:00Z`,
    state: "open",
    ...fields,
  };
}

export function task(
  fields: Partial<Omit<Task, "issue">> & { number: number; createdAt?: string },
): Task {
  const { number, createdAt, ...rest } = fields;
  return {
    repo: { owner: "acme", repo: "calc" },
    issue: issue(createdAt ? { number, createdAt } : { number }),
    priority: "medium",
    cost: 10,
    problems: [],
    ...rest,
  };
}
