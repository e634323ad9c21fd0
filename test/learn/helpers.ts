import type { Task } from "../../src/queue/task.js";
import type { IssueSnapshot } from "../../src/types.js";

/** A queued task of acme/calc; each test says only what it cares about. */
export function task(
  number: number,
  fields: Partial<Omit<Task, "issue">> & { issue?: Partial<IssueSnapshot> } = {},
): Task {
  const { issue, ...rest } = fields;
  return {
    repo: { owner: "acme", repo: "calc" },
    issue: {
      number,
      title: `Issue ${number}`,
      body: "",
      labels: [],
      author: "maya",
      authorType: "User",
      createdAt: `2026-01-01T00:${String(number % 60).padStart(2, "0")}:00Z`,
      state: "open",
      ...issue,
    },
    priority: "medium",
    size: "L",
    cost: 10,
    problems: [],
    ...rest,
  };
}
