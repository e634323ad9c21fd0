import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { errorMessage } from "./errors.js";

/**
 * The scenario: the GitHub world the simulator starts from (users, repositories, issues) and
 * the human actions a demo or test replays against it. See docs/simulator.md for the format.
 */

const login = z.string().min(1);
const repoRef = z.string().regex(/^[^/\s]+\/[^/\s]+$/, "expected owner/name");
const timestamp = z.iso.datetime({ offset: true });
const role = z.enum(["admin", "maintain", "write", "triage", "read"]);

const userSchema = z
  .object({
    login,
    /** Account type; bots are named like `dependabot[bot]`. */
    type: z.enum(["User", "Bot", "Organization"]).default("User"),
    name: z.string().optional(),
  })
  .strict();

const labelSchema = z
  .object({
    name: z.string().min(1),
    color: z
      .string()
      .regex(/^[0-9a-fA-F]{6}$/, "expected a 6-digit hex colour without #")
      .default("ededed"),
    description: z.string().nullable().default(null),
  })
  .strict();

const commentSchema = z
  .object({
    author: login,
    body: z.string(),
    createdAt: timestamp.optional(),
  })
  .strict();

const issueSchema = z
  .object({
    title: z.string().min(1),
    body: z.string().default(""),
    author: login,
    labels: z.array(z.string().min(1)).default([]),
    state: z.enum(["open", "closed"]).default("open"),
    /** Default: the scenario base time plus one minute per issue, so runs are deterministic. */
    createdAt: timestamp.optional(),
    comments: z.array(commentSchema).default([]),
    /** Numbers of issues in this repository that block this one (GitHub's native relation). */
    blockedBy: z.array(z.number().int().positive()).default([]),
    /** The title of the repository milestone this issue belongs to (created on first use). */
    milestone: z.string().min(1).optional(),
  })
  .strict();

const repositorySchema = z
  .object({
    owner: login,
    name: z.string().regex(/^[A-Za-z0-9._-]+$/, "letters, digits, '.', '_' and '-' only"),
    defaultBranch: z.string().min(1).default("main"),
    private: z.boolean().default(false),
    archived: z.boolean().default(false),
    /** A directory (relative to the scenario file) or a map of path → content. */
    files: z.union([z.string().min(1), z.record(z.string(), z.string())]).optional(),
    collaborators: z.record(login, role).default({}),
    labels: z.array(labelSchema).default([]),
    issues: z.array(issueSchema).default([]),
  })
  .strict();

const issueTarget = { repo: repoRef, issue: z.number().int().positive() };

/** One human action. Exactly one action key besides `as`. */
export const scenarioEventSchema = z
  .object({
    as: login,
    comment: z
      .object({ ...issueTarget, body: z.string() })
      .strict()
      .optional(),
    editComment: z
      .object({ repo: repoRef, id: z.number().int().positive(), body: z.string() })
      .strict()
      .optional(),
    deleteComment: z.object({ repo: repoRef, id: z.number().int().positive() }).strict().optional(),
    label: z
      .object({
        ...issueTarget,
        add: z.array(z.string().min(1)).default([]),
        remove: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .optional(),
    editIssue: z
      .object({ ...issueTarget, title: z.string().min(1).optional(), body: z.string().optional() })
      .strict()
      .optional(),
    openIssue: z
      .object({
        repo: repoRef,
        title: z.string().min(1),
        body: z.string().default(""),
        labels: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .optional(),
    closeIssue: z
      .object({ ...issueTarget, reason: z.enum(["completed", "not_planned"]).default("completed") })
      .strict()
      .optional(),
    reopenIssue: z.object(issueTarget).strict().optional(),
    /** A commit by this user on `branch` (created from the default branch if absent); `null` deletes a file. */
    push: z
      .object({
        repo: repoRef,
        branch: z.string().min(1),
        files: z.record(z.string(), z.string().nullable()),
        message: z.string().min(1).default("Update files"),
      })
      .strict()
      .optional(),
    /**
     * Submit a review of an open pull request, with inline comments on lines of its diff: a
     * `pull_request_review` webhook, then one `pull_request_review_comment` per inline comment.
     */
    review: z
      .object({
        repo: repoRef,
        pull: z.number().int().positive(),
        state: z.enum(["APPROVED", "CHANGES_REQUESTED", "COMMENTED"]),
        body: z.string().default(""),
        comments: z
          .array(
            z
              .object({
                path: z.string().min(1),
                line: z.number().int().positive(),
                body: z.string().min(1),
              })
              .strict(),
          )
          .default([]),
      })
      .strict()
      .optional(),
    /** Merge an open pull request into its base branch (a merge commit, as GitHub's default). */
    mergePull: z.object({ repo: repoRef, pull: z.number().int().positive() }).strict().optional(),
  })
  .strict()
  .superRefine((event, ctx) => {
    const actions = Object.keys(event).filter((key) => key !== "as");
    if (actions.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message: `an event needs exactly one action besides "as" (found: ${actions.join(", ") || "none"})`,
      });
    }
  });

export const scenarioSchema = z
  .object({
    /** Free text for the reader; ignored. */
    description: z.string().optional(),
    app: z
      .object({
        slug: z.string().regex(/^[a-z0-9-]+$/),
        /** What GitHub granted the app (GET /app, installations, tokens); default: app.yml's. */
        permissions: z.record(z.string(), z.enum(["read", "write", "admin"])).optional(),
        /** The events the app is subscribed to; default: app.yml's and `label`. */
        events: z.array(z.string()).optional(),
      })
      .strict()
      .default({ slug: "nightshift" }),
    /** Base for default timestamps. */
    startTime: timestamp.default("2026-11-01T09:00:00Z"),
    users: z.array(userSchema).default([]),
    repositories: z.array(repositorySchema).min(1, "at least one repository is needed"),
    events: z.array(scenarioEventSchema).default([]),
    /** Host settings for the demo; passed through untouched. */
    host: z.unknown().optional(),
  })
  .strict();

/** A scenario as written (defaults optional). */
export type Scenario = z.input<typeof scenarioSchema>;
/** A scenario with every default applied. */
export type NormalizedScenario = z.output<typeof scenarioSchema>;
export type ScenarioEvent = z.input<typeof scenarioEventSchema>;
export type NormalizedEvent = z.output<typeof scenarioEventSchema>;
export type ScenarioRepository = NormalizedScenario["repositories"][number];

export class ScenarioError extends Error {
  override name = "ScenarioError";
}

/** Formats zod issues as `source: path.to[3].field: message` lines. */
function describeIssues(source: string, error: z.ZodError, what = "scenario"): string {
  const lines = error.issues.map((issue) => {
    const path = issue.path
      .map((part, i) =>
        typeof part === "number" ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`,
      )
      .join("");
    return `  ${path || "(root)"}: ${issue.message}`;
  });
  return `${source}: invalid ${what}\n${lines.join("\n")}`;
}

/** Checks what zod cannot: every actor is known. Returns problems as `path: message`. */
function crossCheck(scenario: NormalizedScenario): string[] {
  const known = new Set(scenario.users.map((u) => u.login.toLowerCase()));
  for (const repo of scenario.repositories) {
    known.add(repo.owner.toLowerCase());
    for (const name of Object.keys(repo.collaborators)) known.add(name.toLowerCase());
  }
  const problems: string[] = [];
  const check = (who: string, path: string): void => {
    if (!known.has(who.toLowerCase()))
      problems.push(`  ${path}: unknown user "${who}" (declare it under users)`);
  };
  const repos = new Set<string>();
  scenario.repositories.forEach((repo, r) => {
    const full = `${repo.owner}/${repo.name}`.toLowerCase();
    if (repos.has(full)) problems.push(`  repositories[${r}]: duplicate repository ${full}`);
    repos.add(full);
    repo.issues.forEach((issue, i) => {
      check(issue.author, `repositories[${r}].issues[${i}].author`);
      issue.blockedBy.forEach((n, k) => {
        if (n > repo.issues.length || n === i + 1) {
          problems.push(
            `  repositories[${r}].issues[${i}].blockedBy[${k}]: no other issue #${n} in this repository`,
          );
        }
      });
      issue.comments.forEach((c, j) => {
        check(c.author, `repositories[${r}].issues[${i}].comments[${j}].author`);
      });
    });
  });
  scenario.events.forEach((event, e) => {
    check(event.as, `events[${e}].as`);
  });
  return problems;
}

/** Validates a scenario object; `source` names it in errors. */
export function parseScenario(input: unknown, source = "scenario"): NormalizedScenario {
  const result = scenarioSchema.safeParse(input);
  if (!result.success) throw new ScenarioError(describeIssues(source, result.error));
  const problems = crossCheck(result.data);
  if (problems.length > 0)
    throw new ScenarioError(`${source}: invalid scenario\n${problems.join("\n")}`);
  return result.data;
}

/** Validates one event (for `sim.act`). */
export function parseEvent(input: ScenarioEvent): NormalizedEvent {
  const result = scenarioEventSchema.safeParse(input);
  if (!result.success) throw new ScenarioError(describeIssues("sim.act", result.error, "event"));
  return result.data;
}

/** Reads a YAML or JSON scenario file; relative `files:` paths resolve against its folder. */
export async function loadScenarioFile(
  path: string,
): Promise<{ scenario: NormalizedScenario; scenarioDir: string }> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new ScenarioError(`${file}: cannot read scenario (${errorMessage(error)})`);
  }
  let data: unknown;
  try {
    data = file.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ScenarioError(
      `${file}: not valid ${file.endsWith(".json") ? "JSON" : "YAML"}: ${errorMessage(error)}`,
    );
  }
  return { scenario: parseScenario(data, file), scenarioDir: dirname(file) };
}
