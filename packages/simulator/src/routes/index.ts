import { actionsDispatchRoutes } from "./actions-dispatch.js";
import { actionsRunRoutes } from "./actions-runs.js";
import { appRoutes } from "./app.js";
import { checkRoutes } from "./checks.js";
import { commentRoutes } from "./comments.js";
import { dependencyRoutes } from "./dependencies.js";
import { issueRoutes } from "./issues.js";
import type { Route } from "./kit.js";
import { labelRoutes } from "./labels.js";
import { pullRoutes } from "./pulls.js";
import { repoRoutes } from "./repos.js";
import { reviewRoutes } from "./reviews.js";

/** Every REST endpoint the simulator serves, grouped by method for matching. */
export const routesByMethod: ReadonlyMap<string, readonly Route[]> = (() => {
  const map = new Map<string, Route[]>();
  for (const r of [
    ...appRoutes,
    ...repoRoutes,
    ...issueRoutes,
    ...commentRoutes,
    ...labelRoutes,
    ...pullRoutes,
    ...reviewRoutes,
    ...dependencyRoutes,
    ...checkRoutes,
    ...actionsDispatchRoutes,
    ...actionsRunRoutes,
  ]) {
    map.set(r.method, [...(map.get(r.method) ?? []), r]);
  }
  return map;
})();
