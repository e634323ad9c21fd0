import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HostConfigSchema } from "../../src/config/host-schema.js";
import { previewPlan } from "../../src/night/preview.js";
import { renderPreview } from "../../src/report/preview.js";
import { Journal } from "../../src/store/journal.js";
import type { CommentSnapshot } from "../../src/types.js";
import { FakeGitHub } from "../unit/fake-port.js";
import { issue, task } from "../unit/helpers.js";

const ref = { owner: "acme", repo: "calc" };
const NOW = new Date("2026-11-30T21:00:00Z");
const host = HostConfigSchema.parse({});
const logger = pino({ level: "silent" });
const quota = { unit: "prompts" as const, limit: null, remaining: null };
// Calls that would write: the preview's own comment is posted elsewhere (postPreviews).
const WRITES =
  /^(addReaction|addLabels|removeLabel|replaceLabels|createComment|updateComment|createIssue|updateIssueBody)/;

let dir: string;
let journal: Journal;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nightshift-preview-"));
  journal = Journal.open(dir);
});
afterEach(() => {
  journal.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * acme/calc: an ordinary high-priority bug (#1), a low-priority docs issue of the working
 * target `epic: a` (#2), and a bug of `epic: b` (#3), which pauses after one failure: its
 * closed #4 failed yesterday.
 */
function repository(): FakeGitHub {
  const github = new FakeGitHub([
    issue({ number: 1, title: "Ordinary bug", labels: ["priority: high", "category: bug"] }),
    issue({
      number: 2,
      title: "Epic step",
      labels: ["priority: low", "category: docs", "epic: a"],
    }),
    issue({
      number: 3,
      title: "Failing step",
      labels: ["priority: high", "category: bug", "epic: b"],
    }),
    issue({ number: 4, labels: ["category: bug", "epic: b"], state: "closed" }),
    issue({ number: 9, title: "Nightshift report", labels: ["nightshift: report"] }),
  ]);
  // maya wrote the issues and may approve: nothing waits for approval.
  github.roles = new Map([["maya", "write"]]);
  github.config = {
    untilDone: [{ label: "epic: a" }, { label: "epic: b", pauseAfterFailures: 1 }],
  };
  const failed = task({ number: 4, repo: ref });
  journal.planRun(
    {
      id: "night@2026-11-29:acme/calc#4",
      sessionId: "night@2026-11-29",
      repo: "acme/calc",
      issue: 4,
      attempt: 1,
      estimatedCost: 10,
      ownerId: null,
      task: failed,
      branch: "nightshift/4-issue-4",
    },
    new Date("2026-11-29T22:00:00Z"),
  );
  journal.learned.record({
    runId: "night@2026-11-29:acme/calc#4",
    at: new Date("2026-11-29T23:00:00Z"),
    repo: "acme/calc",
    record: {
      category: "bug",
      agent: "claude",
      estimated: 10,
      actual: {},
      durationMs: 60_000,
      succeeded: false,
    },
  });
  return github;
}

const resume = (author: string, at: string): CommentSnapshot => ({
  id: 70,
  body: "/nightshift resume epic: b",
  author,
  authorType: "User",
  createdAt: at,
});

async function preview(github: FakeGitHub) {
  const plan = await previewPlan([{ ref, github }], quota, journal, { host, logger, now: NOW });
  const [repoPlan] = plan.repos;
  if (!repoPlan) throw new Error("no repository plan");
  return { plan, text: renderPreview(repoPlan, plan, NOW) };
}

describe("the evening preview under until-done", () => {
  it("lists a working target's issues first and a paused one's as held, writing nothing", async () => {
    const github = repository();
    const { plan, text } = await preview(github);
    expect(plan.picked.map(({ task: t }) => t.issue.number)).toEqual([2, 1]);
    expect(text).toContain("1. #2 Epic step (low,");
    expect(text).toContain("2. #1 Ordinary bug (high,");
    expect(text).toContain(
      "- #3 Failing step: until done: label `epic: b` paused after failed runs (`/nightshift resume epic: b` resumes it)",
    );
    expect(github.calls.filter((call) => WRITES.test(call))).toEqual([]);
    // Nothing noted in the journal either: no status, no check.
    expect(journal.untilDone.memory("acme/calc", "label:epic: b")).toEqual({});
  });

  it("reads a maintainer's resume as the cycle will, without reacting to it", async () => {
    const github = repository();
    github.comments.set(9, [resume("maya", "2026-11-30T09:00:00Z")]);
    const { plan } = await preview(github);
    expect(plan.picked.map(({ task: t }) => t.issue.number)).toEqual([3, 2, 1]);
    expect(github.calls.filter((call) => WRITES.test(call))).toEqual([]);
  });
});
