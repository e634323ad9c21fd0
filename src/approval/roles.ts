import type { RepoRole } from "../github/port.js";

const RANK: Record<RepoRole, number> = {
  none: 0,
  read: 1,
  triage: 2,
  write: 3,
  maintain: 4,
  admin: 5,
};

/** True when `role` is at least `minimum`. */
export const roleAtLeast = (role: RepoRole, minimum: RepoRole): boolean =>
  RANK[role] >= RANK[minimum];

/** May approve, hold, retry: write, maintain or admin. */
export const canApprove = (role: RepoRole): boolean => roleAtLeast(role, "write");
