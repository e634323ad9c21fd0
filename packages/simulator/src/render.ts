import {
  fullName,
  type LabelRecord,
  type MilestoneRecord,
  type RepoRecord,
  type UserRecord,
} from "./model.js";
import type { AppInfo } from "./world.js";

/**
 * JSON shapes exactly as GitHub's REST API and webhooks present them (field names, nulls,
 * URL fields), built from the internal records: accounts, repositories, labels, the app.
 * Issue-level shapes are in render-issues.ts. `web` is the HTML/git base, `api` the REST base.
 */
export interface Urls {
  web: string;
  api: string;
}

export type Json = Record<string, unknown>;

/** GitHub's legacy global node id: base64 of "<len>:<Type><id>". */
export const nodeId = (type: string, id: number): string =>
  Buffer.from(`${String(type.length).padStart(2, "0")}:${type}${id}`).toString("base64");

const enc = encodeURIComponent;

export function renderUser(u: UserRecord, urls: Urls): Json {
  const api = `${urls.api}/users/${enc(u.login)}`;
  return {
    login: u.login,
    id: u.id,
    node_id: nodeId(u.type === "Bot" ? "Bot" : u.type, u.id),
    avatar_url: `${urls.web}/avatars/u/${u.id}?`,
    gravatar_id: "",
    url: api,
    html_url:
      u.type === "Bot"
        ? `${urls.web}/apps/${u.login.replace(/\[bot\]$/, "")}`
        : `${urls.web}/${u.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: u.type,
    user_view_type: "public",
    site_admin: false,
  };
}

/** The longer user shape of `GET /users/{username}`. */
export function renderFullUser(u: UserRecord, urls: Urls, createdAt: string): Json {
  return {
    ...renderUser(u, urls),
    name: u.name,
    company: null,
    blog: "",
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: createdAt,
    updated_at: createdAt,
  };
}

export function renderRepo(repo: RepoRecord, urls: Urls): Json {
  const name = fullName(repo);
  const api = `${urls.api}/repos/${name}`;
  const host = new URL(urls.web).host;
  const openIssues = repo.issues.filter((i) => i.state === "open").length;
  return {
    id: repo.id,
    node_id: nodeId("Repository", repo.id),
    name: repo.name,
    full_name: name,
    private: repo.private,
    owner: renderUser(repo.owner, urls),
    html_url: `${urls.web}/${name}`,
    description: null,
    fork: false,
    url: api,
    forks_url: `${api}/forks`,
    keys_url: `${api}/keys{/key_id}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    teams_url: `${api}/teams`,
    hooks_url: `${api}/hooks`,
    issue_events_url: `${api}/issues/events{/number}`,
    events_url: `${api}/events`,
    assignees_url: `${api}/assignees{/user}`,
    branches_url: `${api}/branches{/branch}`,
    tags_url: `${api}/tags`,
    blobs_url: `${api}/git/blobs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    trees_url: `${api}/git/trees{/sha}`,
    statuses_url: `${api}/statuses/{sha}`,
    languages_url: `${api}/languages`,
    stargazers_url: `${api}/stargazers`,
    contributors_url: `${api}/contributors`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    commits_url: `${api}/commits{/sha}`,
    git_commits_url: `${api}/git/commits{/sha}`,
    comments_url: `${api}/comments{/number}`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    contents_url: `${api}/contents/{+path}`,
    compare_url: `${api}/compare/{base}...{head}`,
    merges_url: `${api}/merges`,
    archive_url: `${api}/{archive_format}{/ref}`,
    downloads_url: `${api}/downloads`,
    issues_url: `${api}/issues{/number}`,
    pulls_url: `${api}/pulls{/number}`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    labels_url: `${api}/labels{/name}`,
    releases_url: `${api}/releases{/id}`,
    deployments_url: `${api}/deployments`,
    created_at: repo.createdAt,
    updated_at: repo.pushedAt,
    pushed_at: repo.pushedAt,
    git_url: `git://${host}/${name}.git`,
    ssh_url: `git@${host}:${name}.git`,
    clone_url: `${urls.web}/${name}.git`,
    svn_url: `${urls.web}/${name}`,
    homepage: null,
    size: 0,
    stargazers_count: 0,
    watchers_count: 0,
    language: null,
    has_issues: true,
    has_projects: true,
    has_downloads: true,
    has_wiki: true,
    has_pages: false,
    has_discussions: false,
    forks_count: 0,
    mirror_url: null,
    archived: repo.archived,
    disabled: false,
    open_issues_count: openIssues,
    license: null,
    allow_forking: true,
    is_template: false,
    web_commit_signoff_required: false,
    topics: [],
    visibility: repo.private ? "private" : "public",
    forks: 0,
    open_issues: openIssues,
    watchers: 0,
    default_branch: repo.defaultBranch,
  };
}

/** A milestone as GitHub presents it (the owner stands in for its creator). */
export function renderMilestone(repo: RepoRecord, milestone: MilestoneRecord, urls: Urls): Json {
  const name = fullName(repo);
  const issues = repo.issues.filter((issue) => issue.milestone === milestone);
  return {
    url: `${urls.api}/repos/${name}/milestones/${milestone.number}`,
    html_url: `${urls.web}/${name}/milestone/${milestone.number}`,
    labels_url: `${urls.api}/repos/${name}/milestones/${milestone.number}/labels`,
    id: milestone.id,
    node_id: nodeId("Milestone", milestone.id),
    number: milestone.number,
    state: milestone.state,
    title: milestone.title,
    description: null,
    creator: renderUser(repo.owner, urls),
    open_issues: issues.filter((issue) => issue.state === "open").length,
    closed_issues: issues.filter((issue) => issue.state === "closed").length,
    created_at: milestone.createdAt,
    updated_at: milestone.createdAt,
    closed_at: null,
    due_on: null,
  };
}

export function renderLabel(repo: RepoRecord, label: LabelRecord, urls: Urls): Json {
  return {
    id: label.id,
    node_id: nodeId("Label", label.id),
    url: `${urls.api}/repos/${fullName(repo)}/labels/${enc(label.name)}`,
    name: label.name,
    color: label.color,
    default: false,
    description: label.description,
  };
}

export function renderApp(app: AppInfo, urls: Urls): Json {
  return {
    id: app.id,
    slug: app.slug,
    node_id: nodeId("App", app.id),
    client_id: `Iv1.${app.id.toString(16).padStart(16, "0")}`,
    owner: renderUser(app.owner, urls),
    name: app.name,
    description: "Simulated GitHub App",
    external_url: `${urls.web}/apps/${app.slug}`,
    html_url: `${urls.web}/apps/${app.slug}`,
    created_at: app.createdAt,
    updated_at: app.createdAt,
    permissions: app.permissions,
    events: app.events,
  };
}

/** What GitHub grants a Nightshift registered from app.yml, unless a scenario says otherwise. */
export const APP_PERMISSIONS = {
  actions: "write",
  checks: "write",
  contents: "write",
  issues: "write",
  metadata: "read",
  pull_requests: "write",
} as const;
export const APP_EVENTS = [
  "issue_comment",
  "issues",
  "label",
  "pull_request",
  "pull_request_review",
  "pull_request_review_comment",
  "push",
  "workflow_job",
  "workflow_run",
];

export function renderInstallation(app: AppInfo, urls: Urls): Json {
  return {
    id: app.installationId,
    client_id: `Iv1.${app.id.toString(16).padStart(16, "0")}`,
    account: renderUser(app.owner, urls),
    repository_selection: "selected",
    access_tokens_url: `${urls.api}/app/installations/${app.installationId}/access_tokens`,
    repositories_url: `${urls.api}/installation/repositories`,
    html_url: `${urls.web}/organizations/${app.owner.login}/settings/installations/${app.installationId}`,
    app_id: app.id,
    app_slug: app.slug,
    target_id: app.owner.id,
    target_type: app.owner.type === "User" ? "User" : "Organization",
    permissions: app.permissions,
    events: app.events,
    created_at: app.createdAt,
    updated_at: app.createdAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: null,
  };
}
