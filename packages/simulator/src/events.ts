import type { SimContext } from "./context.js";
import type { IssueRecord, RepoRecord, UserRecord } from "./model.js";
import { nodeId, renderRepo, renderUser, type Json } from "./render.js";
import { renderIssue, renderPull } from "./render-issues.js";

/**
 * Wraps an event body in GitHub's envelope (repository, organization, sender, installation) and
 * queues it for delivery.
 */
export function emit(
  ctx: SimContext,
  event: string,
  repo: RepoRecord,
  sender: UserRecord,
  body: Json,
): void {
  const { urls, world } = ctx;
  const payload: Json = { ...body, repository: renderRepo(repo, urls) };
  if (repo.owner.type === "Organization") {
    const api = `${urls.api}/orgs/${repo.owner.login}`;
    payload.organization = {
      login: repo.owner.login,
      id: repo.owner.id,
      node_id: nodeId("Organization", repo.owner.id),
      url: api,
      repos_url: `${api}/repos`,
      events_url: `${api}/events`,
      hooks_url: `${api}/hooks`,
      issues_url: `${api}/issues`,
      members_url: `${api}/members{/member}`,
      public_members_url: `${api}/public_members{/member}`,
      avatar_url: `${urls.web}/avatars/u/${repo.owner.id}?`,
      description: null,
    };
  }
  payload.sender = renderUser(sender, urls);
  payload.installation = {
    id: world.app.installationId,
    node_id: nodeId("Integration::Installation", world.app.installationId),
  };
  ctx.hooks.enqueue(event, payload);
}

/**
 * Emits an issue-level event. GitHub reports changes to a pull request (even ones made through
 * the issues API) as `pull_request` events, so the event name follows what the issue is.
 */
export function emitIssueEvent(
  ctx: SimContext,
  repo: RepoRecord,
  issue: IssueRecord,
  sender: UserRecord,
  action: string,
  extra: Json = {},
): void {
  if (issue.pull) {
    emit(ctx, "pull_request", repo, sender, {
      action,
      number: issue.number,
      pull_request: renderPull(ctx.world, repo, issue, ctx.urls),
      ...extra,
    });
  } else {
    emit(ctx, "issues", repo, sender, {
      action,
      issue: renderIssue(ctx.world, repo, issue, ctx.urls),
      ...extra,
    });
  }
}
