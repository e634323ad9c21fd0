import type { Task } from "../queue/task.js";
import type { JournalRun } from "../store/journal.js";

/** A stand-in task for a run of an old journal whose task did not survive the migration. */
export function placeholderTask(run: JournalRun): Task {
  const [owner = "", repo = ""] = run.repo.split("/");
  return {
    repo: { owner, repo },
    issue: {
      number: run.issue,
      title: `issue #${String(run.issue)}`,
      body: "",
      labels: [],
      author: "",
      authorType: "User",
      createdAt: run.startedAt,
      state: "open",
    },
    priority: "medium",
    cost: run.estimatedCost,
    problems: [],
  };
}
