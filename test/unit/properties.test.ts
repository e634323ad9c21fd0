import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCommands } from "../../src/approval/commands.js";
import { commandState } from "../../src/approval/history.js";
import { findStatusComment } from "../../src/approval/status-comment.js";
import { configCheck } from "../../src/handlers/config-check.js";
import { parseRepoConfig } from "../../src/config/load.js";
import { ConfigError } from "../../src/config/errors.js";
import type { RepoRole } from "../../src/github/port.js";
import { parseDependencies } from "../../src/queue/dependencies.js";
import { parseTaskLabels } from "../../src/queue/labels.js";
import type { CommentSnapshot } from "../../src/types.js";
import { defaultRepoConfig } from "./helpers.js";

const names = defaultRepoConfig().labels;

/** Markdown-ish text built from the pieces that matter to the parsers. */
const markdown = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        "/approve",
        "/approve cancel",
        "/hold",
        "/skip",
        "/nightshift plan",
        "```",
        "~~~",
        "> ",
        "    ",
        "\t",
        "\n",
        "\r\n",
        "depends on ",
        "#12",
        "acme/x#3",
        " ",
      ),
      fc.string(),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(""));

/** The only lines that may ever approve: exactly the command, outside code and quotes. */
const approvesAlone = (body: string): boolean =>
  parseCommands(body).some((c) => c.name === "approve");

describe("parsers never throw on arbitrary input", () => {
  it("parseCommands", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), markdown), (body) => {
        expect(Array.isArray(parseCommands(body))).toBe(true);
      }),
    );
  });

  it("parseDependencies", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), markdown), (body) => {
        for (const key of parseDependencies(body, { owner: "acme", repo: "calc", number: 1 })) {
          expect(key.number).toBeGreaterThan(0);
        }
      }),
    );
  });

  it("parseTaskLabels", () => {
    const label = fc.oneof(
      fc.string(),
      fc.string().map((s) => `priority: ${s}`),
      fc.string().map((s) => `cost: ${s}`),
      fc.string().map((s) => `size: ${s}`),
      fc.string().map((s) => `category: ${s}`),
    );
    fc.assert(
      fc.property(fc.array(label), (labels) => {
        const parsed = parseTaskLabels(labels, names);
        // A label set either yields a clean value or a problem, never a made-up value.
        if (parsed.cost !== undefined)
          expect(Number.isInteger(parsed.cost) && parsed.cost > 0).toBe(true);
      }),
    );
  });

  it("the repository config: anything parses to a config or a ConfigError", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        try {
          parseRepoConfig(raw);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
        }
      }),
    );
  });

  it("the config check on arbitrary YAML text always concludes", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), markdown), (text) => {
        expect(["success", "failure"]).toContain(configCheck(text, "a".repeat(40)).conclusion);
      }),
    );
  });

  it("the status comment reader", () => {
    fc.assert(
      fc.property(fc.string(), (body) => {
        const comment: CommentSnapshot = {
          id: 1,
          body,
          author: "nightshift[bot]",
          authorType: "Bot",
          createdAt: "x",
        };
        const found = findStatusComment([comment], "nightshift[bot]");
        if (found?.record.approvedHash) expect(found.record.approvedHash).toMatch(/^[0-9a-f]{64}$/);
      }),
    );
  });
});

describe("parsers never grant an approval the table tests would refuse", () => {
  it("a body approves only when a line of it is exactly /approve outside code and quotes", () => {
    fc.assert(
      fc.property(markdown, (body) => {
        if (!approvesAlone(body)) return;
        // Re-derive by the rule the tables state, independently of the parser.
        let fence = false;
        const ok = body.split(/\r\n|\r|\n/).some((line) => {
          if (/^ {0,3}(```|~~~)/.test(line)) {
            fence = !fence;
            return false;
          }
          return !fence && !/^( {4}|\t)/.test(line) && /^\s*\/approve\s*$/i.test(line);
        });
        expect(ok).toBe(true);
      }),
    );
  });

  it("history never approves for people without write access, bots, or edited comments", async () => {
    const roles: RepoRole[] = ["admin", "maintain", "write", "triage", "read", "none"];
    const comment = fc.record({
      id: fc.nat(),
      body: markdown,
      author: fc.constantFrom("a", "b", "c", "d[bot]"),
      authorType: fc.constantFrom<CommentSnapshot["authorType"]>("User", "Bot", "Organization"),
      createdAt: fc.constantFrom("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"),
      edited: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(comment, { maxLength: 8 }),
        fc.constantFrom(...roles),
        async (raw, role) => {
          const comments = raw.map(({ edited, ...c }) => ({
            ...c,
            updatedAt: edited ? "2027-01-01T00:00:00Z" : c.createdAt,
          }));
          const state = await commandState(comments, {
            roleOf: () => Promise.resolve(role),
            approvers: [],
          });
          if (!state.approval) return;
          expect(["admin", "maintain", "write"]).toContain(role);
          const source = comments.find(
            (c) =>
              c.author === state.approval?.by &&
              c.authorType === "User" &&
              c.updatedAt === c.createdAt &&
              approvesAlone(c.body),
          );
          expect(source).toBeDefined();
        },
      ),
    );
  });
});
