import type { RepoRef } from "../../types.js";

/** Who may do what in a repository: one person's role, or everyone's. */
export interface RolesPort {
  /** The user's role from the collaborator permission API; "none" when not a collaborator. */
  getRole(ref: RepoRef, login: string): Promise<RepoRole>;
  /**
   * Everyone with a role in the repository (direct, team, organization and owner access), by
   * lowercased login; null, after one request, when the listing runs to more than `maxPages` pages.
   */
  listCollaboratorRoles(
    ref: RepoRef,
    options: { maxPages: number },
  ): Promise<Map<string, RepoRole> | null>;
}

export type RepoRole = "admin" | "maintain" | "write" | "triage" | "read" | "none";
