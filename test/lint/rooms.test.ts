import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint, Linter } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import { directionRule, refusal, ROOMS } from "../../eslint/rooms.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const srcDir = join(root, "src");

function lint(file: string, code: string): string[] {
  const linter = new Linter({ configType: "flat" });
  const messages = linter.verify(
    code,
    [
      {
        files: ["**/*.ts"],
        languageOptions: { parser: tseslint.parser, sourceType: "module" },
        plugins: { rooms: { rules: { direction: directionRule(srcDir) } } },
        rules: { "rooms/direction": "error" },
      },
    ],
    { filename: join(srcDir, file) },
  );
  return messages.map((message) => message.message);
}

describe("rooms/direction", () => {
  it.each([
    [
      "report/morning.ts",
      'import type { SessionPlan } from "../night/plan.js";',
      "report/ may not import night/",
    ],
    [
      "github/port.ts",
      'export { x } from "../handlers/issue-router.js";',
      "github/ may not import handlers/",
    ],
    [
      "store/journal.ts",
      'const m = await import("../report/post.js");',
      "store/ may not import report/",
    ],
    ["types.ts", 'import type { Task } from "./queue/task.js";', "types/ may not import queue/"],
  ])("refuses a backward import from %s", (file, code, why) => {
    expect(lint(file, code)).toEqual([expect.stringContaining(why)]);
  });

  it.each([
    ["night/session.ts", 'import { postMorningReports } from "../report/post-session.js";'],
    ["report/post.ts", 'import type { GitHubPort } from "../github/port.js";'],
    ["report/post.ts", 'import { inlineText } from "./format.js";'],
    ["github/octokit-port.ts", 'import { Octokit } from "@octokit/rest";'],
    ["handlers/issue-router.ts", 'import type { EmitterWebhookEvent } from "@octokit/webhooks";'],
  ])("lets %s import forward or within its room", (file, code) => {
    expect(lint(file, code)).toEqual([]);
  });

  it("keeps GitHub's API clients in github/", () => {
    expect(lint("handlers/x.ts", 'import { Octokit } from "@octokit/rest";')).toEqual([
      expect.stringContaining("only github/ talks to GitHub's API"),
    ]);
  });

  it("asks for an unknown room to be placed in the table", () => {
    expect(refusal("night", "attic")).toContain('"attic" is not in eslint/rooms.js');
  });

  it("knows every room of src/", async () => {
    const { readdir } = await import("node:fs/promises");
    const entries = await readdir(srcDir, { withFileTypes: true });
    const rooms = entries.map((entry) => entry.name.replace(/\.ts$/, ""));
    expect(rooms.filter((room) => !ROOMS.includes(room))).toEqual([]);
  });
});

describe("npm run lint", () => {
  it("applies the rooms rule and the API-client rule to every file of src/", async () => {
    const eslint = new ESLint({ cwd: root });
    const config = (await eslint.calculateConfigForFile(join(srcDir, "report/morning.ts"))) as {
      rules: Record<string, unknown>;
    };
    expect(config.rules["rooms/direction"]).toEqual([2]);
    expect(config.rules["no-restricted-syntax"]).toBeDefined();
  });
});
