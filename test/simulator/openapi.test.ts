import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../packages/simulator/src/index.js";
import { loadSpec } from "../../packages/simulator/src/openapi.js";
import { routesByMethod } from "../../packages/simulator/src/routes/index.js";
import { bestMatch, splitPath } from "../../packages/simulator/src/template.js";
import { appJwt, botOctokit, octokit, start } from "./harness.js";

const repo = { owner: "acme", repo: "calculator" };

describe("simulator OpenAPI conformance", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await start();
  });
  afterAll(() => sim.close());

  it("loads GitHub's description once per process", async () => {
    const first = await loadSpec();
    expect(await loadSpec()).toBe(first);
  });

  it("a full pass over every endpoint records zero violations", async () => {
    const app = octokit(sim, appJwt(sim));
    await app.rest.apps.getAuthenticated();
    await app.rest.apps.listInstallations();
    await app.rest.apps.getInstallation({ installation_id: 1 });
    await app.rest.apps.getRepoInstallation(repo);
    await app.rest.apps.createInstallationAccessToken({
      installation_id: 1,
      repositories: ["calculator"],
      permissions: { issues: "write" },
    });
    const gh = await botOctokit(sim);

    await gh.rest.apps.listReposAccessibleToInstallation({ per_page: 100 });
    await gh.rest.users.getByUsername({ username: "maya" });
    await gh.rest.rateLimit.get();
    await gh.rest.repos.get(repo);
    await gh.rest.repos.getContent({ ...repo, path: "README.md", ref: "main" });
    await gh.rest.repos.getContent({ ...repo, path: "src" });
    await gh.request("GET /repos/{owner}/{repo}/contents/{path}", {
      ...repo,
      path: ".github/nightshift.yml",
      mediaType: { format: "raw" },
    });
    await gh.rest.git.getRef({ ...repo, ref: "heads/main" });
    await gh.rest.repos.listBranches(repo);
    await gh.rest.repos.getBranch({ ...repo, branch: "main" });
    await gh.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: "sam" });
    await gh.rest.repos.listCollaborators({ ...repo, affiliation: "all", per_page: 100 });

    await gh.paginate(gh.rest.issues.listForRepo, {
      ...repo,
      state: "all",
      labels: "priority: high",
      sort: "updated",
      direction: "asc",
      since: "2020-01-01T00:00:00Z",
      creator: "maya",
      per_page: 100,
    });
    await gh.paginate(gh.rest.issues.listMilestones, { ...repo, state: "all", per_page: 100 });
    await gh.rest.issues.listForRepo({ ...repo, state: "all", milestone: "1", per_page: 100 });
    const { data: issue } = await gh.rest.issues.create({
      ...repo,
      title: "Report",
      body: "b",
      labels: ["nightshift: report"],
    });
    await gh.rest.issues.get({ ...repo, issue_number: issue.number });
    await gh.rest.issues.update({
      ...repo,
      issue_number: issue.number,
      title: "Report!",
      body: "c",
      state: "closed",
      state_reason: "completed",
      labels: ["x"],
    });

    await gh.rest.issues.listComments({
      ...repo,
      issue_number: 1,
      since: "2020-01-01T00:00:00Z",
      per_page: 50,
      page: 1,
    });
    await gh.rest.issues.listCommentsForRepo({ ...repo, sort: "created", direction: "desc" });
    const { data: comment } = await gh.rest.issues.createComment({
      ...repo,
      issue_number: 1,
      body: "hi",
    });
    await gh.rest.issues.getComment({ ...repo, comment_id: comment.id });
    await gh.rest.issues.updateComment({ ...repo, comment_id: comment.id, body: "hello" });
    const { data: reaction } = await gh.rest.reactions.createForIssueComment({
      ...repo,
      comment_id: comment.id,
      content: "rocket",
    });
    await gh.rest.reactions.listForIssueComment({
      ...repo,
      comment_id: comment.id,
      content: "rocket",
    });
    await gh.rest.reactions.deleteForIssueComment({
      ...repo,
      comment_id: comment.id,
      reaction_id: reaction.id,
    });
    await gh.rest.issues.deleteComment({ ...repo, comment_id: comment.id });

    await gh.rest.issues.listLabelsForRepo({ ...repo, per_page: 100 });
    await gh.rest.issues.createLabel({
      ...repo,
      name: "size: S",
      color: "c2e0c6",
      description: "≤1 h",
    });
    await gh.rest.issues.getLabel({ ...repo, name: "size: S" });
    await gh.rest.issues.updateLabel({
      ...repo,
      name: "size: S",
      new_name: "size: s",
      color: "c2e0c7",
    });
    await gh.rest.issues.addLabels({
      ...repo,
      issue_number: 2,
      labels: ["size: s", "needs-approval"],
    });
    await gh.rest.issues.listLabelsOnIssue({ ...repo, issue_number: 2 });
    await gh.rest.issues.removeLabel({ ...repo, issue_number: 2, name: "needs-approval" });
    await gh.rest.issues.setLabels({ ...repo, issue_number: 2, labels: ["category: feature"] });
    await gh.rest.issues.removeAllLabels({ ...repo, issue_number: 3 });
    await gh.rest.issues.deleteLabel({ ...repo, name: "size: s" });

    const { data: blocker } = await gh.rest.issues.get({ ...repo, issue_number: 3 });
    await gh.rest.issues.addBlockedByDependency({ ...repo, issue_number: 1, issue_id: blocker.id });
    await gh.rest.issues.listDependenciesBlockedBy({ ...repo, issue_number: 1 });
    await gh.rest.issues.listDependenciesBlocking({ ...repo, issue_number: 3 });
    await gh.rest.issues.removeDependencyBlockedBy({
      ...repo,
      issue_number: 1,
      issue_id: blocker.id,
    });

    await sim.act({
      as: "maya",
      push: { repo: "acme/calculator", branch: "feature", files: { "a.txt": "a\n" } },
    });
    const { data: pull } = await gh.rest.pulls.create({
      ...repo,
      title: "Feature",
      head: "acme:feature",
      base: "main",
      body: "Closes #2",
      draft: false,
    });
    await gh.rest.pulls.list({
      ...repo,
      state: "open",
      head: "acme:feature",
      base: "main",
      sort: "created",
      direction: "desc",
      per_page: 10,
    });
    await gh.rest.pulls.get({ ...repo, pull_number: pull.number });
    await gh.rest.pulls.listFiles({ ...repo, pull_number: pull.number, per_page: 30 });
    await sim.act({
      as: "sam",
      review: {
        repo: "acme/calculator",
        pull: pull.number,
        state: "CHANGES_REQUESTED",
        body: "Please rename it.",
        comments: [{ path: "a.txt", line: 1, body: "This one." }],
      },
    });
    const reviews = await gh.paginate(gh.rest.pulls.listReviews, {
      ...repo,
      pull_number: pull.number,
      per_page: 100,
    });
    expect(reviews.map((r) => [r.user?.login, r.state])).toEqual([["sam", "CHANGES_REQUESTED"]]);
    const inline = await gh.paginate(gh.rest.pulls.listReviewComments, {
      ...repo,
      pull_number: pull.number,
      sort: "created",
      direction: "asc",
      per_page: 100,
    });
    expect(inline.map((c) => [c.path, c.line, c.pull_request_review_id])).toEqual([
      ["a.txt", 1, reviews[0]?.id],
    ]);
    await gh.rest.checks.create({
      ...repo,
      name: "Nightshift config",
      head_sha: pull.head.sha,
      status: "completed",
      conclusion: "success",
      output: { title: "ok", summary: "" },
    });
    await gh.rest.pulls.update({
      ...repo,
      pull_number: pull.number,
      title: "Feature!",
      body: "Closes #2.",
      base: "main",
    });
    await gh.rest.pulls.merge({ ...repo, pull_number: pull.number });

    await sim.act({
      as: "maya",
      push: {
        repo: "acme/calculator",
        branch: "main",
        files: {
          ".github/workflows/agent.yml":
            "run-name: ${{ inputs.task }}\non:\n  workflow_dispatch:\n    inputs:\n      task: { required: true }\njobs:\n  agent:\n    runs-on: ubuntu-latest\n    steps: [{ run: 'true' }]\n",
        },
      },
    });
    const workflow_id = "agent.yml";
    sim.actions.setRunner(() =>
      Promise.resolve({ conclusion: "success", artifact: Buffer.from("z") }),
    );
    await gh.rest.actions.listRepoWorkflows({ ...repo, per_page: 100 });
    await gh.rest.actions.getWorkflow({ ...repo, workflow_id });
    const { data: dispatched } = await gh.rest.actions.createWorkflowDispatch({
      ...repo,
      workflow_id,
      ref: "main",
      inputs: { task: "t-1" },
      return_run_details: true,
    });
    await sim.actions.settled();
    const run_id = Number((dispatched as { workflow_run_id?: number }).workflow_run_id);
    await gh.rest.actions.listWorkflowRunsForRepo({ ...repo, event: "workflow_dispatch" });
    await gh.rest.actions.listWorkflowRuns({ ...repo, workflow_id, status: "completed" });
    await gh.rest.actions.getWorkflowRun({ ...repo, run_id });
    await gh.rest.actions.listJobsForWorkflowRun({ ...repo, run_id });
    const { data: artifacts } = await gh.rest.actions.listWorkflowRunArtifacts({ ...repo, run_id });
    await gh.rest.actions.downloadArtifact({
      ...repo,
      artifact_id: artifacts.artifacts[0]?.id ?? 0,
      archive_format: "zip",
      request: { redirect: "manual" },
    });
    sim.actions.setRunner(undefined);
    await gh.rest.actions.createWorkflowDispatch({
      ...repo,
      workflow_id,
      ref: "main",
      inputs: { task: "t-2" },
    });
    const { data: queued } = await gh.rest.actions.listWorkflowRuns({
      ...repo,
      workflow_id,
      status: "queued",
    });
    await gh.rest.actions.cancelWorkflowRun({ ...repo, run_id: queued.workflow_runs[0]?.id ?? 0 });

    expect(sim.violations).toEqual([]);
    expect(sim.requests.filter((r) => r.status >= 400)).toEqual([]);

    // Every route the simulator serves was exercised above.
    const hit = new Set<string>();
    for (const request of sim.requests) {
      const found = bestMatch(
        routesByMethod.get(request.method) ?? [],
        splitPath(request.path) ?? [],
      );
      if (found) hit.add(`${request.method} ${found.item.template.source}`);
    }
    const all = [...routesByMethod.values()].flat().map((r) => `${r.method} ${r.template.source}`);
    expect(all.filter((r) => !hit.has(r))).toEqual([]);
  });
});
