import type { GitHubPort, PullFacts, RepoRole } from "../../src/github/port.js";
import type { ClosedIssue } from "../../src/learn/repeats.js";
import type { CommentSnapshot, IssueSnapshot, RepoRef } from "../../src/types.js";

/**
 * An in-memory GitHub port for domain tests: issues, comments and labels of one repository,
 * counting every call so tests can assert how much planning asks.
 */
export class FakeGitHub implements GitHubPort {
  calls: string[] = [];
  comments = new Map<number, CommentSnapshot[]>();
  labels = new Map<number, string[]>();
  repoLabels: string[] = [];
  createdLabels: string[] = [];
  blockedBy = new Map<number, { number: number; state: "open" | "closed" }[]>();
  /** Issues of other repositories: state, and the body when a test needs it. */
  foreign = new Map<string, "open" | "closed" | { state: "open" | "closed"; body: string }>();
  checkRuns: Parameters<GitHubPort["createCheckRun"]>[1][] = [];
  pullFiles: string[] = [];
  files = new Map<string, string>();
  private nextId = 9000;

  constructor(
    public issues: IssueSnapshot[] = [],
    private readonly botLogin = "nightshift[bot]",
  ) {}

  private log(call: string) {
    this.calls.push(call);
  }

  getRepo(ref: RepoRef) {
    this.log("getRepo");
    return Promise.resolve({ ...ref, defaultBranch: "main", cloneUrl: "x", archived: false });
  }
  /** What `.github/nightshift.yml` holds, parsed; null: absent. */
  config: unknown = null;
  readConfig(): Promise<unknown> {
    this.log("readConfig");
    return Promise.resolve(this.config);
  }
  /** The repository planning listed: `readIssue` answers for its issues from `issues`. */
  private home: RepoRef | undefined;
  listOpenIssues(ref: RepoRef) {
    this.home ??= ref;
    this.log("listOpenIssues");
    return Promise.resolve(this.issues.filter((i) => i.state === "open"));
  }
  listIssuesBy(_ref: RepoRef, creator: string, since: Date) {
    this.log(`listIssuesBy ${creator}`);
    return Promise.resolve(
      this.issues.filter((i) => i.author === creator && Date.parse(i.createdAt) >= since.getTime()),
    );
  }
  listIssuesOf(_ref: RepoRef, set: { milestone: string } | { label: string }) {
    this.log(`listIssuesOf ${JSON.stringify(set)}`);
    if ("milestone" in set) return Promise.resolve(null);
    return Promise.resolve(this.issues.filter((i) => i.labels.includes(set.label)));
  }
  /** Closed issues `listClosedIssues` answers with (filtered by `since`, not paged). */
  closedIssues: ClosedIssue[] = [];
  listClosedIssues(_ref: RepoRef, { since }: { since: Date; maxPages: number }) {
    this.log(`listClosedIssues since ${since.toISOString()}`);
    return Promise.resolve(this.closedIssues.filter((issue) => issue.closedAt >= since));
  }
  /** Issues `createIssue` opened, in order. */
  created: { title: string; body: string; labels: string[] }[] = [];
  listComments(_ref: RepoRef, issue: number) {
    this.log(`listComments #${issue}`);
    return Promise.resolve([...(this.comments.get(issue) ?? [])]);
  }
  /** Comments per page of the repository listing (GitHub's is 100); small to test the fallback. */
  repoCommentsPerPage = 100;
  listRepoComments(_ref: RepoRef, { since, maxPages }: { since: string; maxPages: number }) {
    this.log(`listRepoComments since ${since} max ${maxPages}`);
    const listed = [...this.comments.entries()].flatMap(([issue, list]) =>
      list
        .filter((c) => Date.parse(c.updatedAt ?? c.createdAt) >= Date.parse(since))
        .map((comment) => ({ issue, comment })),
    );
    if (Math.ceil(listed.length / this.repoCommentsPerPage) > maxPages)
      return Promise.resolve(null);
    const byIssue = new Map<number, CommentSnapshot[]>();
    for (const { issue, comment } of listed)
      byIssue.set(issue, [...(byIssue.get(issue) ?? []), comment]);
    return Promise.resolve(byIssue);
  }
  roles = new Map<string, RepoRole>();
  /** Collaborators per page of the listing (GitHub's is 100); small to test the fallback. */
  collaboratorsPerPage = 100;
  /** Set to make the collaborator listing fail. */
  collaboratorListingError: Error | null = null;
  listCollaboratorRoles(_ref: RepoRef, { maxPages }: { maxPages: number }) {
    this.log(`listCollaboratorRoles max ${maxPages}`);
    if (this.collaboratorListingError) return Promise.reject(this.collaboratorListingError);
    const listed = [...this.roles].filter(([, role]) => role !== "none");
    if (Math.ceil(listed.length / this.collaboratorsPerPage) > maxPages)
      return Promise.resolve(null);
    return Promise.resolve(new Map(listed.map(([login, role]) => [login.toLowerCase(), role])));
  }
  getRole(_ref: RepoRef, login: string): Promise<RepoRole> {
    return Promise.resolve(this.roles.get(login) ?? "none");
  }
  addLabels(_ref: RepoRef, issue: number, labels: string[]) {
    this.log(`addLabels #${issue} ${labels.join(",")}`);
    this.labels.set(issue, [...(this.labels.get(issue) ?? []), ...labels]);
    return Promise.resolve();
  }
  removeLabel(_ref: RepoRef, issue: number, label: string) {
    this.log(`removeLabel #${issue} ${label}`);
    this.labels.set(
      issue,
      (this.labels.get(issue) ?? []).filter((l) => l !== label),
    );
    return Promise.resolve();
  }
  replaceLabels(
    _ref: RepoRef,
    issue: number,
    change: { add: readonly string[]; remove: readonly string[] },
  ) {
    this.log(`replaceLabels #${issue} +${change.add.join(",")} -${change.remove.join(",")}`);
    const current = this.labels.get(issue) ?? [];
    this.labels.set(issue, [
      ...current.filter((l) => !change.remove.includes(l) && !change.add.includes(l)),
      ...change.add,
    ]);
    return Promise.resolve();
  }
  createComment(_ref: RepoRef, issue: number, body: string) {
    this.log(`createComment #${issue}`);
    const id = this.nextId++;
    const list = this.comments.get(issue) ?? [];
    list.push({
      id,
      body,
      author: this.botLogin,
      authorType: "Bot",
      createdAt: "2026-11-02T00:00:00Z",
    });
    this.comments.set(issue, list);
    return Promise.resolve({ id, url: `c/${id}` });
  }
  updateComment(_ref: RepoRef, id: number, body: string) {
    this.log(`updateComment ${id}`);
    for (const list of this.comments.values()) {
      const found = list.find((c) => c.id === id);
      if (found) found.body = body;
    }
    return Promise.resolve();
  }
  addReaction() {
    this.log("addReaction");
    return Promise.resolve();
  }
  findIssueWithLabel(_ref: RepoRef, label: string) {
    this.log(`findIssueWithLabel ${label}`);
    const found = this.issues.find((i) => i.labels.includes(label) && i.state === "open");
    return Promise.resolve(found ? { number: found.number, url: "x", body: found.body } : null);
  }
  createIssue(_ref: RepoRef, issue: { title: string; body: string; labels: string[] }) {
    this.log(`createIssue ${issue.title}`);
    this.created.push(issue);
    const number = Math.max(0, ...this.issues.map((i) => i.number)) + 1;
    this.issues.push({
      number,
      ...issue,
      author: this.botLogin,
      authorType: "Bot",
      createdAt: "2026-01-01T00:00:00Z",
      state: "open",
    });
    return Promise.resolve({
      number,
      url: `https://github.test/issues/${number}`,
      body: issue.body,
    });
  }
  getBranchHead() {
    return Promise.resolve(null);
  }
  listPullsForBranch() {
    this.log("listPullsForBranch");
    return Promise.resolve([]);
  }
  /** Pull requests by number, for follow-up requests. */
  pulls = new Map<number, PullFacts>();
  getPull(_ref: RepoRef, number: number) {
    this.log(`getPull ${number}`);
    return Promise.resolve(this.pulls.get(number) ?? null);
  }
  listPullReviews() {
    this.log("listPullReviews");
    return Promise.resolve([]);
  }
  listPullReviewComments() {
    this.log("listPullReviewComments");
    return Promise.resolve([]);
  }
  findOpenPull() {
    return Promise.resolve(null);
  }
  createPull(): Promise<never> {
    return Promise.reject(new Error("not in this fake"));
  }
  updatePull() {
    return Promise.resolve();
  }
  updateIssueBody(_ref: RepoRef, issue: number, body: string) {
    this.log(`updateIssueBody #${issue}`);
    const found = this.issues.find((i) => i.number === issue);
    if (found) found.body = body;
    return Promise.resolve();
  }
  getIssue(_ref: RepoRef, issue: number) {
    this.log(`getIssue #${issue}`);
    const found = this.issues.find((i) => i.number === issue);
    if (!found) return Promise.reject(new Error(`no issue #${String(issue)}`));
    return Promise.resolve({ issue: { ...found }, isPullRequest: false });
  }
  readIssue(ref: RepoRef, issue: number) {
    this.log(`readIssue ${ref.owner}/${ref.repo}#${issue}`);
    const here = ref.owner === this.home?.owner && ref.repo === this.home.repo;
    const own = here ? this.issues.find((i) => i.number === issue) : undefined;
    const found = this.foreign.get(`${ref.owner}/${ref.repo}#${issue}`);
    if (found !== undefined) {
      return Promise.resolve(typeof found === "string" ? { state: found, body: "" } : found);
    }
    return Promise.resolve(own ? { state: own.state, body: own.body } : null);
  }
  listBlockedBy(ref: RepoRef, issue: number) {
    this.log(`listBlockedBy #${issue}`);
    return Promise.resolve((this.blockedBy.get(issue) ?? []).map((b) => ({ ...ref, ...b })));
  }
  listLabels() {
    this.log("listLabels");
    return Promise.resolve(this.repoLabels);
  }
  createLabel(_ref: RepoRef, label: { name: string }) {
    this.createdLabels.push(label.name);
    return Promise.resolve();
  }
  listPullFiles() {
    return Promise.resolve(this.pullFiles);
  }
  readFileAt(_ref: RepoRef, path: string) {
    return Promise.resolve(this.files.get(path) ?? null);
  }
  createCheckRun(_ref: RepoRef, check: Parameters<GitHubPort["createCheckRun"]>[1]) {
    this.checkRuns.push(check);
    return Promise.resolve();
  }
  gitToken() {
    return Promise.resolve("t");
  }
}
