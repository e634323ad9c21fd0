import {
  DEFAULT_HEALTH_LIMITS,
  hostProblems,
  type HealthLimits,
  type HostReadings,
} from "../health/preflight.js";

/** The host's problems right now, by the same rules as the session's preflight. */
export function hostGuard(
  read: () => Promise<HostReadings>,
  limits: HealthLimits = DEFAULT_HEALTH_LIMITS,
): () => Promise<string[]> {
  return async () => hostProblems(await read(), limits);
}

/**
 * Starts one run only while the host still has room: the disk can fill up, or memory run short,
 * while earlier runs of the same session are going. A refused run is handed to `refuse` (to be
 * reported as skipped) and gives `undefined`.
 */
export async function startWhenHostAllows<R>(
  check: (() => Promise<string[]>) | undefined,
  refuse: (problems: string[]) => void,
  start: () => Promise<R>,
): Promise<R | undefined> {
  const problems = check ? await check() : [];
  if (problems.length > 0) {
    refuse(problems);
    return undefined;
  }
  return start();
}
