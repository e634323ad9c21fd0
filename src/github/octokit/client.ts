import type { ProbotOctokit } from "probot";

/** An installation's (or the app's) Octokit, as Probot builds it. */
export type Octokit = InstanceType<typeof ProbotOctokit>;

/** Whether a request failed with this HTTP status. */
export const isStatus = (error: unknown, status: number): boolean =>
  typeof error === "object" && error !== null && "status" in error && error.status === status;
