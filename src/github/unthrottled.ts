import { ProbotOctokit } from "probot";

/**
 * ProbotOctokit with throttling and retries off, for the simulator and tests.
 *
 * `ProbotOctokit.defaults({ throttle: { enabled: false } })` is not enough: Probot merges its own
 * throttle options over object defaults, and plugin-throttling's limiters are process-global,
 * so comments would still queue 3 s apart. The function form of `defaults` runs last and wins.
 */
export const UnthrottledOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  throttle: { enabled: false },
  retry: { enabled: false },
}));
