import { ProbotOctokit } from "probot";
import { pacedWrites } from "./write-pacing.js";

/** How often one request waits out a rate limit before it fails. */
const MAX_WAITS = 4;

/**
 * ProbotOctokit that waits out rate limits, primary and secondary. Probot's app-level default
 * only logs a secondary limit and fails the request; an unattended night should wait instead
 * (PRODUCT.md §4, Errors). plugin-throttling waits `retry-after` seconds before each retry.
 * Its writes go out 1 s apart, those that notify 3 s apart, spaced where they are sent
 * (`pacedWrites`, which replaces the plugin's notifications wait): at most 60 a minute.
 */
export const WaitingOctokit = ProbotOctokit.plugin(pacedWrites).defaults(
  (options: Record<string, unknown>) => ({
    ...options,
    throttle: {
      ...(options.throttle as Record<string, unknown> | undefined),
      triggersNotification: () => false,
      onRateLimit: (_after: number, _options: unknown, _octokit: unknown, retryCount: number) =>
        retryCount < MAX_WAITS,
      onSecondaryRateLimit: (
        _after: number,
        _options: unknown,
        _octokit: unknown,
        retryCount: number,
      ) => retryCount < MAX_WAITS,
    },
  }),
);
