import type { RepoRef } from "../../types.js";

/** Check runs: the config check's verdict on a pull request's head. */
export interface ChecksPort {
  createCheckRun(ref: RepoRef, check: CheckRunResult): Promise<void>;
}

export interface CheckRunResult {
  name: string;
  headSha: string;
  conclusion: "success" | "failure";
  title: string;
  summary: string;
}
