import type { GitHubPort } from "../github/port.js";
import type { Journal } from "../store/journal.js";
import type { Clock } from "../types.js";
import type { CrashHook } from "./crash.js";

/**
 * The run's GitHub port, with the journal told the moment a pull request exists. The runner
 * opens PRs through this port, so recovery after a crash knows a PR may already be open.
 */
export function journaledPort(
  github: GitHubPort,
  journal: { advanceRun(...args: Parameters<Journal["advanceRun"]>): unknown },
  runId: string,
  clock: Clock,
  crashAt: CrashHook,
): GitHubPort {
  return overriding(github, {
    async createPull(ref, pull) {
      crashAt("before-pull");
      const created = await github.createPull(ref, pull);
      journal.advanceRun(runId, "pr-opened", clock.now(), {
        prNumber: created.number,
        branch: pull.head,
      });
      crashAt("after-pull");
      return created;
    },
    async updatePull(ref, number, pull) {
      await github.updatePull(ref, number, pull);
      journal.advanceRun(runId, "pr-opened", clock.now(), { prNumber: number });
    },
  });
}

/**
 * The port with some methods replaced: every other property is the port's own, methods bound
 * to it (a class's methods keep their `this`), so a new port method needs no line here.
 */
function overriding(github: GitHubPort, overrides: Partial<GitHubPort>): GitHubPort {
  return new Proxy(github, {
    get(target, key) {
      const replaced: unknown = Object.hasOwn(overrides, key)
        ? Reflect.get(overrides, key)
        : Reflect.get(target, key, target);
      if (typeof replaced !== "function" || Object.hasOwn(overrides, key)) return replaced;
      const bound: unknown = replaced.bind(target);
      return bound;
    },
  });
}
