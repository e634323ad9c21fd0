import { appBotLogin } from "./bot-login.js";
import type { Probot, ProbotOctokit } from "probot";
import type { RepoTarget } from "./target.js";
import { octokitGitHub } from "./octokit-port.js";

type Octokit = InstanceType<typeof ProbotOctokit>;

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
  const botLogin = await appBotLogin(appOctokit);
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

/** `users.noreply.github.com`, or `users.noreply.<host>` on GitHub Enterprise Server. */
export function noreplyDomain(apiBaseUrl: string): string {
  const host = new URL(apiBaseUrl).hostname;
  return host === "api.github.com" ? "users.noreply.github.com" : `users.noreply.${host}`;
}

/** The app's git identity, as GitHub shows commits by `<slug>[bot]`. */
export async function botIdentity(
  probot: Probot,
  installation: Octokit,
): Promise<{ name: string; email: string; login: string }> {
  const login = (await appBotLogin(await probot.auth())) ?? "nightshift[bot]";
  const { data: user } = await installation.rest.users.getByUsername({ username: login });
  const domain = noreplyDomain(installation.request.endpoint.DEFAULTS.baseUrl);
  return { name: login, login, email: `${user.id}+${login}@${domain}` };
}
