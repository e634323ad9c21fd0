import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dependencyView } from "../../src/night/dependency-view.js";
import { parseDependencies } from "../../src/queue/dependencies.js";
import { describeSkip } from "../../src/queue/skip-reason.js";
import type { Task } from "../../src/queue/task.js";
import type { IssueSnapshot } from "../../src/types.js";
import { FakeGitHub } from "../unit/fake-port.js";
import { issue } from "../unit/helpers.js";

const ref = { owner: "acme", repo: "calc" };
type Foreign = Record<string, "open" | "closed" | { state: "open" | "closed"; body: string }>;

const taskOf = (snapshot: IssueSnapshot): Task => ({
  repo: ref,
  issue: snapshot,
  priority: "high",
  cost: 1,
  problems: [],
});

/** The reason (in words) a task of `issues` waits, or "runs". */
async function verdict(
  issues: IssueSnapshot[],
  number: number,
  foreign: Foreign = {},
  blockedBy: { number: number; state: "open" | "closed" }[] = [],
): Promise<string> {
  const github = new FakeGitHub(issues);
  for (const [key, value] of Object.entries(foreign)) github.foreign.set(key, value);
  if (blockedBy.length > 0) github.blockedBy.set(number, blockedBy);
  const open = await github.listOpenIssues(ref);
  const task = open.find((i) => i.number === number);
  if (!task) throw new Error(`#${number} is not open`);
  const reason = await dependencyView(github, ref, open).refusal(taskOf(task));
  return reason ? describeSkip(reason, ref) : "runs";
}

const open = (number: number, body = "", fields: Partial<IssueSnapshot> = {}) =>
  issue({ number, body, ...fields });
const closed = (number: number) => issue({ number, state: "closed" });

describe("strict dependencies", () => {
  it.each([
    {
      name: "an open blocker",
      issues: [open(1, "depends on #2"), open(2)],
      want: "waits for #2 to be closed",
    },
    { name: "a closed blocker", issues: [open(1, "depends on #2"), closed(2)], want: "runs" },
    {
      name: "a blocker that does not exist",
      issues: [open(1, "depends on #999")],
      want: "waits for #999, which Nightshift cannot find or read",
    },
    {
      name: "owner/repo#N, open",
      issues: [open(1, "blocked by acme/lib#4")],
      foreign: { "acme/lib#4": "open" },
      want: "waits for acme/lib#4 to be closed",
    },
    {
      name: "owner/repo#N, closed",
      issues: [open(1, "blocked by acme/lib#5")],
      foreign: { "acme/lib#5": "closed" },
      want: "runs",
    },
    {
      name: "owner/repo#N, unreadable",
      issues: [open(1, "depends on acme/secret#1")],
      want: "waits for acme/secret#1, which Nightshift cannot find or read",
    },
    {
      name: "an issue URL in another repository",
      issues: [open(1, "depends on https://github.com/acme/lib/issues/4")],
      foreign: { "acme/lib#4": "open" },
      want: "waits for acme/lib#4 to be closed",
    },
    {
      name: "an issue URL in the same repository",
      issues: [open(1, "depends on https://github.com/acme/calc/issues/2"), open(2)],
      want: "waits for #2 to be closed",
    },
    {
      name: "a pull request URL, closed",
      issues: [open(1, "depends on https://ghe.example/acme/lib/pull/7")],
      foreign: { "acme/lib#7": "closed" },
      want: "runs",
    },
    {
      name: "a native blocker, open",
      issues: [open(1, "", { openBlockers: 1 }), open(2)],
      blockedBy: [{ number: 2, state: "open" as const }],
      want: "waits for #2 to be closed",
    },
    { name: "itself", issues: [open(1, "depends on #1")], want: "on a dependency cycle (#1)" },
    {
      name: "itself by URL",
      issues: [open(1, "blocked by https://github.com/acme/calc/issues/1")],
      want: "on a dependency cycle (#1)",
    },
    {
      name: "a cycle in the repository",
      issues: [open(1, "depends on #2"), open(2, "depends on #1")],
      want: "on a dependency cycle (#1, #2)",
    },
    {
      name: "a cycle through another repository",
      issues: [open(1, "depends on acme/lib#4")],
      foreign: { "acme/lib#4": { state: "open" as const, body: "depends on acme/calc#1" } },
      want: "on a dependency cycle (#1, acme/lib#4)",
    },
    {
      name: "a cycle through two other repositories and a local issue",
      issues: [open(1, "depends on acme/lib#4"), open(3, "depends on #1")],
      foreign: {
        "acme/lib#4": { state: "open" as const, body: "depends on acme/util#2" },
        "acme/util#2": {
          state: "open" as const,
          body: "blocked by https://github.com/acme/calc/issues/3",
        },
      },
      want: "on a dependency cycle (#1, #3, acme/lib#4, acme/util#2)",
    },
    {
      name: "no cycle through a closed issue of another repository",
      issues: [open(1, "depends on acme/lib#4")],
      foreign: { "acme/lib#4": { state: "closed" as const, body: "depends on acme/calc#1" } },
      want: "runs",
    },
    {
      name: "a cycle through a native blocker of another repository",
      issues: [open(1, "", { openBlockers: 1 })],
      foreign: { "acme/lib#4": { state: "open" as const, body: "depends on acme/calc#1" } },
      blockedByForeign: true,
      want: "on a dependency cycle (#1, acme/lib#4)",
    },
  ])("$name", async ({ issues, foreign, blockedBy, blockedByForeign, want }) => {
    const github = new FakeGitHub(issues);
    for (const [key, value] of Object.entries(foreign ?? {}))
      github.foreign.set(key, value as Foreign[string]);
    if (blockedBy) github.blockedBy.set(1, blockedBy);
    const openIssues = await github.listOpenIssues(ref);
    const first = openIssues.find((i) => i.number === 1);
    if (!first) throw new Error("#1 is not open");
    const view = dependencyView(
      blockedByForeign
        ? Object.assign(github, {
            listBlockedBy: () =>
              Promise.resolve([{ owner: "acme", repo: "lib", number: 4, state: "open" as const }]),
          })
        : github,
      ref,
      openIssues,
    );
    const reason = await view.refusal(taskOf(first));
    expect(reason ? describeSkip(reason, ref) : "runs").toBe(want);
  });

  it("keeps a task with an open blocker waiting even when another blocker is unknown", async () => {
    expect(await verdict([open(1, "depends on #2, #404"), open(2)], 1)).toBe(
      "waits for #2 to be closed",
    );
  });
});

/** A reference to issue `n` of repository `repo`, written in one of the forms people use. */
const written = (repo: string, n: number, form: number): string => {
  const [owner = "", name = ""] = repo.split("/");
  switch (form % 4) {
    case 0:
      return repo === "acme/calc" ? `#${n}` : `${repo}#${n}`;
    case 1:
      return `${repo}#${n}`;
    case 2:
      return `https://github.com/${owner}/${name}/issues/${n}`;
    default:
      return `<https://github.example/${owner}/${name}/pull/${n}>`;
  }
};

describe("the dependency property", () => {
  const state = fc.constantFrom("open", "closed", "unknown");
  const world = fc.record({
    home: fc.array(state, { minLength: 1, maxLength: 6 }),
    lib: fc.array(state, { minLength: 1, maxLength: 4 }),
    refs: fc.array(
      fc.array(
        fc.record({
          repo: fc.constantFrom("acme/calc", "acme/lib"),
          n: fc.integer({ min: 1, max: 7 }),
          form: fc.nat(3),
          verb: fc.constantFrom("depends on", "Blocked by", "- depends on:"),
        }),
        { maxLength: 3 },
      ),
      { minLength: 6, maxLength: 6 },
    ),
  });

  it("never lets a task run before an open or unknown blocker", async () => {
    await fc.assert(
      fc.asyncProperty(world, async ({ home, lib, refs }) => {
        const bodyOf = (i: number) =>
          (refs[i] ?? []).map((r) => `${r.verb} ${written(r.repo, r.n, r.form)}`).join("\n");
        const issues = home.flatMap((s, i) =>
          s === "unknown"
            ? []
            : [issue({ number: i + 1, state: s === "open" ? "open" : "closed", body: bodyOf(i) })],
        );
        const github = new FakeGitHub(issues);
        lib.forEach((s, i) => {
          if (s !== "unknown")
            github.foreign.set(`acme/lib#${i + 1}`, { state: s, body: bodyOf(i) });
        });
        const stateOf = (repo: string, n: number): string =>
          (repo === "acme/calc" ? home[n - 1] : lib[n - 1]) ?? "unknown";
        const openIssues = await github.listOpenIssues(ref);
        const view = dependencyView(github, ref, openIssues);
        for (const task of openIssues) {
          const reason = await view.refusal(taskOf(task));
          const blockers = parseDependencies(task.body, { ...ref, number: task.number });
          if (reason === null) {
            for (const b of blockers)
              expect(stateOf(`${b.owner}/${b.repo}`, b.number)).toBe("closed");
          }
          if (blockers.some((b) => b.repo === "calc" && b.number === task.number)) {
            expect(reason?.kind).toBe("dependency-cycle");
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
