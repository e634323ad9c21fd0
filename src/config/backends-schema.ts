import { z } from "zod";
import { RunsOnSchema } from "./runs-on.js";

/**
 * Config fragments for choosing where a task runs, to be merged into the host schema
 * (`backends:`) and the repository schema (`backend:`) by the wiring step; kept here so the
 * backends own their settings. Repositories choose a backend; only the host defines them.
 */

/** The workflow file a repository commits for the `actions` backend (`nightshift init` prints it). */
export const WORKFLOW_FILE = "nightshift-agent.yml";

export const BackendNameSchema = z.enum(["local", "actions"]);
export type BackendName = z.infer<typeof BackendNameSchema>;

const SizeSchema = z.enum(["S", "M", "L", "XL"]);
const AbsolutePath = z.string().regex(/^\//, "an absolute path");

/** GitHub's ceiling for one job on a self-hosted runner (5 days). */
export const MAX_JOB_MINUTES = 5 * 24 * 60;

const ActionsHostSchema = z
  .object({
    /** Off until the operator turns it on (the app then needs `actions: write`). */
    enabled: z.boolean().default(false),
    /** The workflow file repositories commit (`nightshift init` prints it). */
    workflow: z
      .string()
      .regex(/^[A-Za-z0-9._-]+\.ya?ml$/, "a file name under .github/workflows")
      .default(WORKFLOW_FILE),
    /** `runs-on` for every task: a label, labels, or `{ group, labels }` (larger and ARC runners). */
    runsOn: RunsOnSchema.default("ubuntu-latest"),
    /** `runs-on` per size label, e.g. `{ XL: [self-hosted, linux, x64] }`: long tasks on your own runners. */
    runsOnBySize: z.partialRecord(SizeSchema, RunsOnSchema).default({}),
    /** Jobs in flight at once, over every repository (the host's `maxConcurrent` counts local runs only). */
    maxConcurrent: z.number().int().positive().max(256).default(5),
    /** The job's `timeout-minutes`; GitHub-hosted jobs stop at 360 whatever is set. */
    timeoutMinutes: z.number().int().positive().max(MAX_JOB_MINUTES).default(60),
    /** The largest result artifact the bot downloads. */
    maxArtifactMb: z.number().int().positive().max(1024).default(50),
    /** The sandbox inside the job; `none` where runners cannot give one (then say so, as locally). */
    sandbox: z.enum(["bubblewrap", "none"]).default("bubblewrap"),
    /** Directories the job's sandbox shows read-only, on the runner (agent CLIs outside /usr). */
    toolDirs: z.array(AbsolutePath).default([]),
  })
  .strict();

/** Host config `backends:`. */
export const BackendsHostSchema = z
  .object({
    /** Where tasks run when their repository does not say. */
    default: BackendNameSchema.default("local"),
    local: z
      .object({
        /** Agents on this host, in its sandbox. */
        enabled: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    actions: ActionsHostSchema.prefault({}),
  })
  .strict()
  .prefault({});

/** Repository config `backend:`. Size wins over category: it is about where a task can run at all. */
export const BackendRepoSchema = z
  .object({
    /** This repository's backend; the host's default when absent. */
    default: BackendNameSchema.optional(),
    /** Per category, e.g. `{ research: actions }`. */
    byCategory: z.record(z.string(), BackendNameSchema).default({}),
    /** Per size label, e.g. `{ L: actions, XL: actions }`. */
    bySize: z.partialRecord(SizeSchema, BackendNameSchema).default({}),
  })
  .strict()
  .prefault({});

/** The fragments as the wiring step merges them: `HostConfigSchema.extend(hostBackends)`. */
export const hostBackends = { backends: BackendsHostSchema };
export const repoBackend = { backend: BackendRepoSchema };

export type BackendsHostConfig = z.infer<typeof BackendsHostSchema>;
export type ActionsHostConfig = BackendsHostConfig["actions"];
export type BackendRepoConfig = z.infer<typeof BackendRepoSchema>;
