import { botLoginOnce } from "./bot-login.js";
import type { Octokit } from "./octokit/client.js";
import type { Probot } from "probot";
import type { RepoTarget } from "./target.js";
import { octokitGitHub } from "./octokit-port.js";

export interface Installations {
  targets: RepoTarget[];
  /** An installation Octokit, for app-wide reads that GitHub refuses to a bare app JWT. */
  anyInstallation?: Octokit;
}

/** Every repository of every installation, each with its installation's GitHub port. */
export async function listInstallations(probot: Probot): Promise<Installations> {
  const appOctokit = await probot.auth();
  const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, {
    per_page: 100,
  });
  const result: Installations = { targets: [] };
  // Planning trusts only the bot's own status comments, so it needs the bot's login.
  const botLogin = await botLoginOnce(probot);
  for (const installation of installations) {
    if (installation.suspended_at) continue;
    const octokit = await probot.auth(installation.id);
    result.anyInstallation ??= octokit;
    const github = octokitGitHub(octokit, installation.id);
    const repos = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, {
      per_page: 100,
    });
    for (const repo of repos) {
      if (repo.archived) continue;
      result.targets.push({
        ref: { owner: repo.owner.login, repo: repo.name },
        github,
        actions: github,
        ...(botLogin === null ? {} : { botLogin }),
      });
    }
  }
  return result;
}
