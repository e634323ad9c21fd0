import type { RepoRef } from "../../types.js";
import type { RepoRole, RolesPort } from "../port/roles.js";
import { lastPageOf } from "../payloads.js";
import { isStatus, type Octokit } from "./client.js";

const ROLES: readonly RepoRole[] = ["admin", "maintain", "write", "triage", "read", "none"];

/** A known role name, or null (custom repository roles have their own names). */
const knownRole = (name: string | undefined): RepoRole | null =>
  ROLES.find((known) => known === name) ?? null;

/** The base role a collaborator listing's `permissions` flags add up to. */
function roleFromFlags(flags: Partial<Record<string, boolean>> | undefined): RepoRole {
  if (flags?.admin) return "admin";
  if (flags?.maintain) return "maintain";
  if (flags?.push) return "write";
  if (flags?.triage) return "triage";
  return flags?.pull ? "read" : "none";
}

/** Repository roles over Octokit. */
export const octokitRoles = (octokit: Octokit): RolesPort => ({
  async getRole({ owner, repo }: RepoRef, login: string): Promise<RepoRole> {
    try {
      const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
        owner,
        repo,
        username: login,
      });
      // Custom repository roles: fall back to the base permission GitHub reports.
      return knownRole(data.role_name) ?? knownRole(data.permission) ?? "none";
    } catch (error) {
      if (isStatus(error, 404)) return "none";
      throw error;
    }
  },

  async listCollaboratorRoles(
    { owner, repo }: RepoRef,
    { maxPages }: { maxPages: number },
  ): Promise<Map<string, RepoRole> | null> {
    const pages = octokit.paginate.iterator(octokit.rest.repos.listCollaborators, {
      owner,
      repo,
      affiliation: "all",
      per_page: 100,
    });
    const roles = new Map<string, RepoRole>();
    let first = true;
    for await (const { data, headers } of pages) {
      if (first && lastPageOf(headers.link) > maxPages) return null;
      first = false;
      for (const person of data) {
        const role = knownRole(person.role_name) ?? roleFromFlags(person.permissions);
        roles.set(person.login.toLowerCase(), role);
      }
    }
    return roles;
  },
});
