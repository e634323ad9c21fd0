import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RequestError } from "@octokit/request-error";
import type { Octokit } from "@octokit/rest";
import type { Simulator } from "../../packages/simulator/src/index.js";
import { botOctokit, field, installationToken, start, webhookReceiver } from "./harness.js";

const run = promisify(execFile);
const repo = { owner: "acme", repo: "calculator" };

/** Real git, isolated from the machine's configuration. */
async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run("git", args, {
    cwd,
    env: {
      PATH: process.env.PATH,
      HOME: cwd,
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_CONFIG_GLOBAL: "/dev/null",
      GIT_TERMINAL_PROMPT: "0",
      GIT_AUTHOR_NAME: "Nightshift",
      GIT_AUTHOR_EMAIL: "bot@nightshift.invalid",
      GIT_COMMITTER_NAME: "Nightshift",
      GIT_COMMITTER_EMAIL: "bot@nightshift.invalid",
    },
  });
  return stdout.trim();
}

async function rejection(promise: Promise<unknown>): Promise<RequestError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RequestError) return error;
    throw error;
  }
  throw new Error("expected a failure");
}

describe("simulator git smart HTTP and pull requests", () => {
  let sim: Simulator;
  let gh: Octokit;
  let work: string;
  let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
  let remote: string;

  beforeAll(async () => {
    receiver = await webhookReceiver();
    sim = await start({ webhookUrl: receiver.url });
    gh = await botOctokit(sim);
    work = await mkdtemp(join(tmpdir(), "sim-git-test-"));
    const token = await installationToken(sim);
    remote = `http://x-access-token:${token}@${sim.host}/acme/calculator.git`;
  });
  afterAll(async () => {
    await sim.close();
    await receiver.close();
    await rm(work, { recursive: true, force: true });
  });

  it("refuses git without a valid installation token", async () => {
    await expect(git(work, "ls-remote", `${sim.url}/acme/calculator.git`)).rejects.toThrow(
      /Authentication failed|could not read Username/,
    );
    await expect(
      git(work, "ls-remote", `http://x-access-token:ghs_wrong@${sim.host}/acme/calculator.git`),
    ).rejects.toThrow(/Authentication failed/);
  });

  it("clones, pushes a branch, and announces the push", async () => {
    const clone = join(work, "clone");
    await git(work, "clone", "--quiet", remote, clone);
    const { data: meta } = await gh.rest.repos.get(repo);
    expect(meta.clone_url).toBe(`${sim.url}/acme/calculator.git`);
    expect(await git(clone, "show", "HEAD:src/sum.js")).toBe("export const sum = (a, b) => a + b;");

    await git(clone, "checkout", "--quiet", "-b", "nightshift/1-negative-sums");
    await writeFile(
      join(clone, "src/sum.js"),
      "export const sum = (a, b) => Number(a) + Number(b);\n",
    );
    await git(clone, "commit", "--quiet", "-am", "Fix negative sums");
    await git(clone, "push", "--quiet", "origin", "nightshift/1-negative-sums");
    const sha = await git(clone, "rev-parse", "HEAD");

    const bare = await run("git", [
      "--git-dir",
      sim.gitDir("acme/calculator"),
      "show",
      "nightshift/1-negative-sums:src/sum.js",
    ]);
    expect(bare.stdout).toContain("Number(a)");
    const { data: branch } = await gh.rest.repos.getBranch({
      ...repo,
      branch: "nightshift/1-negative-sums",
    });
    expect(branch.commit.sha).toBe(sha);

    await sim.idle();
    const push = receiver.hooks.find((h) => h.event === "push");
    expect(push?.signatureValid).toBe(true);
    expect(push?.body).toMatchObject({
      ref: "refs/heads/nightshift/1-negative-sums",
      after: sha,
      created: true,
      deleted: false,
      forced: false,
      sender: { login: "nightshift[bot]", type: "Bot" },
      installation: { id: 1 },
      repository: { full_name: "acme/calculator" },
    });
    expect(field(push?.body, "head_commit", "message")).toBe("Fix negative sums");
    expect((push?.body.commits as unknown[]).length).toBe(1);
  });

  it("validates pull requests like GitHub (missing head, no commits, duplicates)", async () => {
    const missing = await rejection(
      gh.rest.pulls.create({ ...repo, title: "x", head: "nope", base: "main" }),
    );
    expect(missing.status).toBe(422);
    expect(missing.response?.data).toMatchObject({
      message: "Validation Failed",
      errors: [{ resource: "PullRequest", field: "head", code: "invalid" }],
    });

    const clone = join(work, "clone");
    await git(clone, "push", "--quiet", "origin", "main:refs/heads/empty-branch");
    const empty = await rejection(
      gh.rest.pulls.create({ ...repo, title: "x", head: "empty-branch", base: "main" }),
    );
    expect(empty.status).toBe(422);
    expect(field(empty.response?.data, "errors")).toEqual([
      {
        resource: "PullRequest",
        code: "custom",
        message: "No commits between main and empty-branch",
      },
    ]);

    const { data: pr, status } = await gh.rest.pulls.create({
      ...repo,
      title: "Fix negative sums",
      head: "acme:nightshift/1-negative-sums",
      base: "main",
      body: "Closes #1\n",
      draft: true,
    });
    expect(status).toBe(201);
    expect(pr).toMatchObject({
      number: 4, // issues and pull requests share one sequence
      state: "open",
      draft: true,
      merged: false,
      head: { ref: "nightshift/1-negative-sums", sha: await git(clone, "rev-parse", "HEAD") },
      base: { ref: "main" },
      user: { login: "nightshift[bot]" },
      html_url: `${sim.url}/acme/calculator/pull/4`,
      commits: 1,
    });

    const duplicate = await rejection(
      gh.rest.pulls.create({
        ...repo,
        title: "again",
        head: "nightshift/1-negative-sums",
        base: "main",
      }),
    );
    expect(duplicate.status).toBe(422);
    expect(field(duplicate.response?.data, "errors")).toEqual([
      {
        resource: "PullRequest",
        code: "custom",
        message: "A pull request already exists for acme:nightshift/1-negative-sums.",
      },
    ]);

    await sim.act({
      as: "maya",
      push: { repo: "acme/calculator", branch: "race", files: { "r.txt": "r\n" } },
    });
    const racing = await Promise.allSettled([
      gh.rest.pulls.create({ ...repo, title: "a", head: "race", base: "main" }),
      gh.rest.pulls.create({ ...repo, title: "b", head: "race", base: "main" }),
    ]);
    expect(racing.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const raced = racing.find((r) => r.status === "fulfilled");
    if (raced?.status === "fulfilled")
      await gh.rest.pulls.update({
        ...repo,
        pull_number: raced.value.data.number,
        state: "closed",
      });

    const byHead = await gh.rest.pulls.list({ ...repo, head: "acme:nightshift/1-negative-sums" });
    expect(byHead.data.map((p) => p.number)).toEqual([4]);
    expect((await gh.rest.pulls.list({ ...repo, head: "acme:other" })).data).toEqual([]);
    const { data: asIssue } = await gh.rest.issues.get({ ...repo, issue_number: 4 });
    expect(asIssue.pull_request?.html_url).toBe(pr.html_url);
    expect((await gh.rest.issues.listForRepo(repo)).data.map((i) => i.number)).toContain(4);
  });

  it("moves the pull request's head on push and sends synchronize", async () => {
    const clone = join(work, "clone");
    await writeFile(join(clone, "NOTES.md"), "more\n");
    await git(clone, "add", "NOTES.md");
    await git(clone, "commit", "--quiet", "-m", "Notes");
    await git(clone, "push", "--quiet", "origin", "nightshift/1-negative-sums");
    const sha = await git(clone, "rev-parse", "HEAD");
    expect(sim.state.pull("acme/calculator", 4)?.head).toEqual({
      ref: "nightshift/1-negative-sums",
      sha,
    });
    expect((await gh.rest.pulls.get({ ...repo, pull_number: 4 })).data).toMatchObject({
      head: { sha },
      commits: 2,
    });
    await sim.idle();
    const sync = receiver.hooks.find(
      (h) => h.event === "pull_request" && h.body.action === "synchronize",
    );
    expect(sync?.body).toMatchObject({ number: 4, after: sha, pull_request: { head: { sha } } });
  });

  it("edits, closes and merges pull requests", async () => {
    const { data: edited } = await gh.rest.pulls.update({
      ...repo,
      pull_number: 4,
      title: "Fix sums",
      body: "Closes #1\nMore.",
    });
    expect(edited).toMatchObject({ title: "Fix sums", body: "Closes #1\nMore." });
    await gh.rest.pulls.update({ ...repo, pull_number: 4, state: "closed" });
    expect(sim.state.pull("acme/calculator", 4)).toMatchObject({ state: "closed", merged: false });
    await gh.rest.pulls.update({ ...repo, pull_number: 4, state: "open" });
    await sim.act({ as: "maya", mergePull: { repo: "acme/calculator", pull: 4 } });
    expect(sim.state.pull("acme/calculator", 4)).toMatchObject({ state: "closed", merged: true });
    const main = await run("git", [
      "--git-dir",
      sim.gitDir("acme/calculator"),
      "show",
      "main:src/sum.js",
    ]);
    expect(main.stdout).toContain("Number(a)");
    await sim.idle();
    const closed = receiver.hooks.filter(
      (h) => h.event === "pull_request" && h.body.action === "closed" && h.body.number === 4,
    );
    expect(closed.map((h) => field(h.body, "pull_request", "merged"))).toEqual([false, true]);
  });

  it("lets a scenario user push a commit, and refuses pushes to archived repositories", async () => {
    await sim.act({
      as: "maya",
      push: {
        repo: "acme/calculator",
        branch: "maya/docs",
        files: { "docs.md": "hi\n", "README.md": null },
        message: "Docs",
      },
    });
    const gitDir = sim.gitDir("acme/calculator");
    const show = await run("git", [
      "--git-dir",
      gitDir,
      "log",
      "-1",
      "--format=%an %s",
      "maya/docs",
    ]);
    expect(show.stdout.trim()).toBe("maya Docs");
    const tree = await run("git", [
      "--git-dir",
      gitDir,
      "ls-tree",
      "-r",
      "--name-only",
      "maya/docs",
    ]);
    expect(tree.stdout).toContain("docs.md");
    expect(tree.stdout).not.toContain("README.md");
    await sim.idle();
    expect(receiver.hooks.at(-1)?.body).toMatchObject({
      ref: "refs/heads/maya/docs",
      sender: { login: "maya" },
    });

    const lab = join(work, "lab");
    const token = await installationToken(sim);
    await git(
      work,
      "clone",
      "--quiet",
      `http://x-access-token:${token}@${sim.host}/acme/secret-lab.git`,
      lab,
    );
    await writeFile(join(lab, "x.txt"), "x\n");
    await git(lab, "add", "x.txt");
    await git(lab, "commit", "--quiet", "-m", "x");
    await expect(git(lab, "push", "--quiet", "origin", "HEAD:main")).rejects.toThrow(
      /403|archived/,
    );
  });
});

describe("simulator initial commits", () => {
  it("are deterministic for the same scenario", async () => {
    const a = await start();
    const b = await start();
    try {
      const head = async (sim: Simulator): Promise<string> =>
        (
          await run("git", ["--git-dir", sim.gitDir("acme/calculator"), "rev-parse", "main"])
        ).stdout.trim();
      expect(await head(a)).toBe(await head(b));
    } finally {
      await a.close();
      await b.close();
    }
  });
});
