import { gunzipSync, gzipSync } from "node:zlib";
import { z } from "zod";
import { HostConfigSchema, type AgentConfig } from "../../config/host-schema.js";
import { RepoConfigSchema, type GateConfig, type RepoConfig } from "../../config/repo-schema.js";
import { findCredentials } from "../../text/credentials.js";
import { RunsOnSchema, type RunsOn } from "../../config/runs-on.js";

export { RunsOnSchema, type RunsOn } from "../../config/runs-on.js";

/**
 * What the bot tells a job, as the workflow's `workflow_dispatch` inputs: every value a string
 * (GitHub's rule), structured ones as JSON, the prompt's parts gzipped and base64'd so that
 * most fit GitHub's 65,535 characters for all inputs together. The job reads them back through
 * the same schemas; `protocol` lets a job refuse inputs written for another version of itself
 * (2: the prompt travels as its parts, and the job adds the contribution notes).
 */

export const JOB_PROTOCOL = "2";

/** GitHub's limits on a dispatch's inputs. */
export const MAX_INPUTS = 25;
export const MAX_INPUTS_CHARS = 65_535;

/** The host's limits the job applies to itself, and the repository's limits on the change. */
const LimitsSchema = z
  .object({
    runTimeoutMinutes: z.number().positive(),
    maxLogBytes: z.number().int().positive(),
    sandbox: z
      .object({
        mode: z.enum(["bubblewrap", "none"]),
        toolDirs: z.array(z.string()),
        maxFileMb: z.number().int().positive(),
        maxProcesses: z.number().int().positive(),
        maxMemoryMb: z.number().int().positive(),
        tmpMb: z.number().int().positive(),
      })
      .strict(),
    changes: z
      .object({
        maxFiles: z.number().int().positive(),
        maxTotalBytes: z.number().int().positive(),
        maxFileBytes: z.number().int().positive(),
        protectedPaths: z.array(z.string()),
      })
      .strict(),
  })
  .strict();
export type JobLimits = z.infer<typeof LimitsSchema>;

/**
 * What the job builds its prompt from (`buildPrompt`, as a local run does): the issue and its
 * maintainers' comments. The repository's contribution notes are not sent: the job reads them
 * from its checkout at the base, as a local run reads them from its worktree.
 */
const PromptPartsSchema = z
  .object({
    repo: z.string(),
    issue: z
      .object({
        number: z.number().int().positive(),
        title: z.string(),
        body: z.string(),
        author: z.string(),
      })
      .strict(),
    maintainerComments: z.array(z.object({ author: z.string(), body: z.string() }).strict()),
  })
  .strict();
export type PromptParts = z.infer<typeof PromptPartsSchema>;

/** One task's job, as the bot builds it and the job reads it. */
export interface JobRequest {
  /** The task's idempotency key: the run's `run-name`, how the bot finds a run it lost. */
  task: string;
  issue: number;
  /** The commit the job checks out and the change is made against. */
  base: string;
  agent: AgentConfig;
  prompt: PromptParts;
  gates: GateConfig[];
  limits: JobLimits;
  runsOn: RunsOn;
  timeoutMinutes: number;
}

/** A task id: letters, digits and `._:-`, so it reads the same as a run title and in a URL. */
export const TaskIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, "letters, digits and . _ : - (at most 100)");

const Sha = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, "a full commit sha");

const RawInputsSchema = z
  .object({
    protocol: z.literal(JOB_PROTOCOL),
    task: TaskIdSchema,
    issue: z.string().regex(/^[1-9]\d{0,9}$/),
    base: Sha,
    agent: z.string(),
    prompt: z.string(),
    gates: z.string(),
    limits: z.string(),
    runs_on: z.string(),
    timeout_minutes: z.string().regex(/^[1-9]\d{0,4}$/),
  })
  .strict();
export type JobInputs = z.infer<typeof RawInputsSchema>;

/** Refuses an agent definition that would publish a credential in the run's inputs. */
function agentJson(agent: AgentConfig): string {
  // Mounts are host paths of the bot's machine: they mean nothing on a runner.
  const portable = { ...agent, sandbox: { ...agent.sandbox, mounts: [] } };
  const json = JSON.stringify(portable);
  if (findCredentials(json).length > 0) {
    throw new Error(
      "the agent's definition holds a credential; workflow inputs are visible to everyone who can read the repository (use passEnv and a repository secret)",
    );
  }
  return json;
}

/** The dispatch's inputs; throws when they break GitHub's limits (the run cannot be dispatched). */
export function encodeJobInputs(request: JobRequest): JobInputs {
  const inputs: JobInputs = {
    protocol: JOB_PROTOCOL,
    task: TaskIdSchema.parse(request.task),
    issue: String(request.issue),
    base: request.base,
    agent: agentJson(request.agent),
    prompt: gzipSync(JSON.stringify(PromptPartsSchema.parse(request.prompt))).toString("base64"),
    gates: JSON.stringify(request.gates),
    limits: JSON.stringify(LimitsSchema.parse(request.limits)),
    runs_on: JSON.stringify(RunsOnSchema.parse(request.runsOn)),
    timeout_minutes: String(Math.ceil(request.timeoutMinutes)),
  };
  const size = JSON.stringify(inputs).length;
  if (size > MAX_INPUTS_CHARS) {
    throw new Error(
      `the job's inputs take ${size} characters, more than the ${MAX_INPUTS_CHARS} GitHub accepts (the prompt is too long for the actions backend)`,
    );
  }
  return inputs;
}

const JsonText = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: "custom", message: "not JSON" });
    return z.NEVER;
  }
});

/** The request a job was dispatched with, read back through the bot's own schemas. */
export function decodeJobInputs(raw: unknown): JobRequest {
  const inputs = RawInputsSchema.parse(raw);
  const agent = HostConfigSchema.parse({ agents: { job: JsonText.parse(inputs.agent) } }).agents
    .job;
  if (agent === undefined) throw new Error("no agent in the inputs");
  const repo: Pick<RepoConfig, "gates"> = RepoConfigSchema.parse({
    gates: JsonText.parse(inputs.gates),
  });
  return {
    task: inputs.task,
    issue: Number(inputs.issue),
    base: inputs.base,
    agent,
    prompt: PromptPartsSchema.parse(
      JsonText.parse(
        gunzipSync(Buffer.from(inputs.prompt, "base64"), {
          maxOutputLength: 1024 * 1024,
        }).toString("utf8"),
      ),
    ),
    gates: repo.gates,
    limits: LimitsSchema.parse(JsonText.parse(inputs.limits)),
    runsOn: RunsOnSchema.parse(JsonText.parse(inputs.runs_on)),
    timeoutMinutes: Number(inputs.timeout_minutes),
  };
}
