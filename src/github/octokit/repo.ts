import { ConfigError } from "../../config/errors.js";
import type { RepoRef } from "../../types.js";
import type { RepoPort } from "../port/repo.js";
import { isStatus, type Octokit } from "./client.js";

/** The repository and its contents over Octokit. */
export const octokitRepo = (octokit: Octokit): RepoPort => ({
  async getRepo({ owner, repo }: RepoRef) {
    const { data } = await octokit.rest.repos.get({ owner, repo });
    return {
      owner,
      repo,
      defaultBranch: data.default_branch,
      cloneUrl: data.clone_url,
      archived: data.archived,
    };
  },

  async readConfig({ owner, repo }: RepoRef, path: string): Promise<unknown> {
    try {
      const { config, files } = await octokit.config.get({ owner, repo, path });
      return files.some((file) => file.config !== null) ? config : null;
    } catch (error) {
      // The config plugin throws plain Errors for unparseable files; name the file and the cause.
      if (error instanceof Error && error.message.includes("could not be parsed")) {
        const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
        throw new ConfigError(path, [`${error.message.replace(/^\[[^\]]+\] /, "")}${cause}`]);
      }
      throw error;
    }
  },

  async readFileAt({ owner, repo }: RepoRef, path: string, sha: string): Promise<string | null> {
    try {
      const { data } = await octokit.rest.repos.getContent({ owner, repo, path, ref: sha });
      if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return null;
      return Buffer.from(data.content, "base64").toString("utf8");
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  },

  async getBranchHead({ owner, repo }: RepoRef, branch: string): Promise<string | null> {
    try {
      const { data } = await octokit.rest.repos.getBranch({ owner, repo, branch });
      return data.commit.sha;
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  },
});
