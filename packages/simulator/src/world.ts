import type {
  AccountType,
  CommentRecord,
  IssueRecord,
  LabelRecord,
  MilestoneRecord,
  RepoRecord,
  Role,
  UserRecord,
} from "./model.js";
import { APP_EVENTS, APP_PERMISSIONS } from "./render.js";
import type { NormalizedScenario } from "./scenario.js";

/** The app the simulator pretends to host; one installation (id 1 by default) covers every repository. */
export interface AppInfo {
  id: number;
  slug: string;
  name: string;
  bot: UserRecord;
  owner: UserRecord;
  installationId: number;
  createdAt: string;
  permissions: Readonly<Record<string, string>>;
  events: readonly string[];
}

/** GitHub writes timestamps without milliseconds. */
export const isoSeconds = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, "Z");

type IdKind =
  | "user"
  | "repo"
  | "issue"
  | "pull"
  | "comment"
  | "label"
  | "reaction"
  | "checkRun"
  | "run"
  | "job"
  | "artifact"
  | "workflow"
  | "review"
  | "reviewComment"
  | "milestone";
// Distinct ranges per kind make ids in logs easy to tell apart.
const ID_BASE: Record<IdKind, number> = {
  user: 1000,
  repo: 100_000,
  issue: 2_000_000,
  pull: 3_000_000,
  comment: 4_000_000,
  label: 5_000_000,
  reaction: 6_000_000,
  checkRun: 7_000_000,
  run: 8_000_000,
  job: 9_000_000,
  artifact: 10_000_000,
  workflow: 11_000_000,
  review: 12_000_000,
  reviewComment: 13_000_000,
  milestone: 14_000_000,
};

/** All mutable simulator state, with lookups that are case-insensitive as GitHub's are. */
export class World {
  readonly users = new Map<string, UserRecord>();
  readonly repos = new Map<string, RepoRecord>();
  private readonly commentIndex = new Map<
    number,
    { repo: RepoRecord; issue: IssueRecord; comment: CommentRecord }
  >();
  private readonly counters = new Map<IdKind, number>();
  app!: AppInfo;

  constructor(readonly now: () => Date) {}

  nextId(kind: IdKind): number {
    const next = (this.counters.get(kind) ?? ID_BASE[kind]) + 1;
    this.counters.set(kind, next);
    return next;
  }

  timestamp(): string {
    return isoSeconds(this.now());
  }

  user(login: string): UserRecord | undefined {
    return this.users.get(login.toLowerCase());
  }

  ensureUser(login: string, type: AccountType, name: string | null = null): UserRecord {
    const existing = this.user(login);
    if (existing) return existing;
    const user: UserRecord = { id: this.nextId("user"), login, type, name };
    this.users.set(login.toLowerCase(), user);
    return user;
  }

  repo(owner: string, name: string): RepoRecord | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  repoByFullName(full: string): RepoRecord | undefined {
    return this.repos.get(full.toLowerCase());
  }

  issue(repo: RepoRecord, number: number): IssueRecord | undefined {
    return repo.issues[number - 1];
  }

  label(repo: RepoRecord, name: string): LabelRecord | undefined {
    const key = name.toLowerCase();
    return repo.labels.find((l) => l.name.toLowerCase() === key);
  }

  createLabel(
    repo: RepoRecord,
    name: string,
    color = "ededed",
    description: string | null = null,
  ): LabelRecord {
    const label: LabelRecord = {
      id: this.nextId("label"),
      name,
      color: color.toLowerCase(),
      description,
    };
    repo.labels.push(label);
    return label;
  }

  /** The repository's milestone with this title, created (open) when it has none yet. */
  ensureMilestone(repo: RepoRecord, title: string, createdAt: string): MilestoneRecord {
    const existing = repo.milestones.find((m) => m.title === title);
    if (existing) return existing;
    const milestone: MilestoneRecord = {
      id: this.nextId("milestone"),
      number: repo.milestones.length + 1,
      title,
      state: "open",
      createdAt,
    };
    repo.milestones.push(milestone);
    return milestone;
  }

  comment(
    repo: RepoRecord,
    id: number,
  ): { issue: IssueRecord; comment: CommentRecord } | undefined {
    const found = this.commentIndex.get(id);
    return found && found.repo === repo ? found : undefined;
  }

  addComment(repo: RepoRecord, issue: IssueRecord, comment: CommentRecord): void {
    issue.comments.push(comment);
    this.commentIndex.set(comment.id, { repo, issue, comment });
  }

  removeComment(issue: IssueRecord, comment: CommentRecord): void {
    issue.comments = issue.comments.filter((c) => c !== comment);
    this.commentIndex.delete(comment.id);
  }

  /** The role a user holds on a repository; a personal repository's owner is admin. */
  role(repo: RepoRecord, user: UserRecord): Role | null {
    if (repo.owner === user && user.type === "User") return "admin";
    return repo.collaborators.get(user.login.toLowerCase()) ?? null;
  }
}

const APP_ID = 1001;

/** Builds the initial world from a scenario; timestamps default to startTime + 1 minute per issue. */
export function buildWorld(
  scenario: NormalizedScenario,
  now: () => Date,
  installationId = 1,
): World {
  const world = new World(now);
  for (const u of scenario.users) world.ensureUser(u.login, u.type, u.name ?? null);
  const firstOwner = scenario.repositories[0]?.owner ?? "nightshift";
  const owner = world.ensureUser(firstOwner, "Organization");
  const bot = world.ensureUser(`${scenario.app.slug}[bot]`, "Bot");
  const base = Date.parse(scenario.startTime);
  world.app = {
    id: APP_ID,
    slug: scenario.app.slug,
    name: scenario.app.slug.replace(
      /(^|-)(\w)/g,
      (_m, sep: string, c: string) => (sep ? " " : "") + c.toUpperCase(),
    ),
    bot,
    owner,
    installationId,
    createdAt: isoSeconds(new Date(base - 86_400_000)),
    permissions: scenario.app.permissions ?? APP_PERMISSIONS,
    events: scenario.app.events ?? APP_EVENTS,
  };

  let issueIndex = 0;
  for (const spec of scenario.repositories) {
    const repoOwner = world.ensureUser(spec.owner, "Organization");
    const created = isoSeconds(new Date(base - 3_600_000));
    const repo: RepoRecord = {
      id: world.nextId("repo"),
      owner: repoOwner,
      name: spec.name,
      defaultBranch: spec.defaultBranch,
      private: spec.private,
      archived: spec.archived,
      collaborators: new Map(),
      labels: [],
      issues: [],
      milestones: [],
      checkRuns: [],
      createdAt: created,
      pushedAt: created,
    };
    world.repos.set(`${spec.owner}/${spec.name}`.toLowerCase(), repo);
    for (const [login, role] of Object.entries(spec.collaborators)) {
      world.ensureUser(login, "User");
      repo.collaborators.set(login.toLowerCase(), role);
    }
    for (const l of spec.labels) world.createLabel(repo, l.name, l.color, l.description);

    for (const issueSpec of spec.issues) {
      const createdAt = issueSpec.createdAt
        ? isoSeconds(new Date(issueSpec.createdAt))
        : isoSeconds(new Date(base + issueIndex * 60_000));
      issueIndex += 1;
      const author = world.user(issueSpec.author);
      if (!author) throw new Error(`unknown user ${issueSpec.author}`);
      const labels = issueSpec.labels.map(
        (name) => world.label(repo, name) ?? world.createLabel(repo, name),
      );
      const closed = issueSpec.state === "closed";
      const issue: IssueRecord = {
        id: world.nextId("issue"),
        number: repo.issues.length + 1,
        title: issueSpec.title,
        body: issueSpec.body,
        user: author,
        labels,
        state: issueSpec.state,
        stateReason: closed ? "completed" : null,
        createdAt,
        updatedAt: createdAt,
        closedAt: closed ? createdAt : null,
        closedBy: closed ? author : null,
        comments: [],
        viaApp: false,
        pull: null,
        blockedBy: [],
      };
      if (issueSpec.milestone !== undefined) {
        issue.milestone = world.ensureMilestone(repo, issueSpec.milestone, createdAt);
      }
      repo.issues.push(issue);
      issueSpec.comments.forEach((c, j) => {
        const user = world.user(c.author);
        if (!user) throw new Error(`unknown user ${c.author}`);
        const at = c.createdAt
          ? isoSeconds(new Date(c.createdAt))
          : isoSeconds(new Date(Date.parse(createdAt) + (j + 1) * 1000));
        world.addComment(repo, issue, {
          id: world.nextId("comment"),
          issueNumber: issue.number,
          user,
          body: c.body,
          createdAt: at,
          updatedAt: at,
          viaApp: false,
          reactions: [],
        });
        if (at > issue.updatedAt) issue.updatedAt = at;
      });
    }
    spec.issues.forEach((issueSpec, i) => {
      const issue = repo.issues[i];
      if (!issue) return;
      issue.blockedBy = issueSpec.blockedBy.flatMap((n) => repo.issues[n - 1] ?? []);
    });
  }
  return world;
}
