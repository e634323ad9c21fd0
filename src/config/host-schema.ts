import { z } from "zod";
import { HostLearningSchema } from "../learn/config-schema.js";
import { HostWeekendSchema } from "./weekend-schema.js";

/** Host config `quota: { provider: usd, limitUsd, windowHours }`, for the quota union. */
export const UsdQuotaSchema = z
  .object({
    provider: z.literal("usd"),
    /** Dollars agents may spend per rolling window, counted from the cost they report. */
    limitUsd: z.number().positive(),
    windowHours: z.number().positive().default(5),
  })
  .strict();

export type UsdQuotaConfig = z.infer<typeof UsdQuotaSchema>;
import { hostBackends } from "./backends-schema.js";

const envMap = z.record(z.string(), z.string()).default({});
const passEnv = z.array(z.string().min(1)).default([]);

const AbsolutePath = z.string().regex(/^\//, "an absolute path");

/** A host directory shown inside an agent's sandbox (e.g. its credentials directory). */
const MountSchema = z
  .object({
    path: AbsolutePath,
    /** Read-write; default read-only. */
    writable: z.boolean().default(false),
    /** Where it appears inside; default the same path. */
    target: AbsolutePath.optional(),
  })
  .strict();

/**
 * Where an agent may connect: `none`, `open`, or `{ allow: [hosts] }` through the bot's egress
 * proxy (exact names or `*.example.com`; `host:port` for ports other than 443 and 80).
 */
const EgressSchema = z.union([
  z.literal("none"),
  z.literal("open"),
  z.object({ allow: z.array(z.string().min(1)).nonempty() }).strict(),
]);

/** Per agent: what its sandbox shows beyond the worktree, and its network. */
const agentSandbox = z
  .object({
    mounts: z.array(MountSchema).default([]),
    /** Default: the preset's model API (`command`: none). */
    egress: EgressSchema.optional(),
    /**
     * Credentials the agent never holds: `http://127.0.0.1:3128/<name>/…` inside the sandbox is
     * sent to `target` with each header's value read from the bot's environment variable, e.g.
     * `{ anthropic: { target: https://api.anthropic.com, headersFromEnv: { x-api-key: ANTHROPIC_API_KEY } } }`
     * with the agent's `env: { ANTHROPIC_BASE_URL: http://127.0.0.1:3128/anthropic }`.
     */
    routes: z
      .record(
        z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i, "letters, digits, . _ -"),
        z
          .object({
            target: z.url({ protocol: /^https$/ }),
            headersFromEnv: z.record(z.string().min(1), z.string().min(1)).default({}),
          })
          .strict(),
      )
      .default({}),
  })
  .strict()
  .prefault({});

/** An agent the operator allows on this host. Repositories only choose among these by name. */
const AgentSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("command"),
      /** argv; `{prompt}`, `{promptFile}`, `{workspace}`, `{issue}` are substituted inside elements. */
      command: z.array(z.string().min(1)).nonempty(),
      env: envMap,
      passEnv,
      sandbox: agentSandbox,
    })
    .strict(),
  z
    .object({
      kind: z.literal("claude-code"),
      binary: z.string().min(1).optional(),
      model: z.string().min(1).optional(),
      maxTurns: z.number().int().positive().optional(),
      /** Per-run cost cap in USD (`--max-budget-usd`). */
      maxBudgetUsd: z.number().positive().optional(),
      env: envMap,
      passEnv,
      sandbox: agentSandbox,
    })
    .strict(),
  z
    .object({
      kind: z.literal("codex"),
      binary: z.string().min(1).optional(),
      model: z.string().min(1).optional(),
      env: envMap,
      passEnv,
      sandbox: agentSandbox,
    })
    .strict(),
  z
    .object({
      kind: z.literal("aider"),
      binary: z.string().min(1).optional(),
      model: z.string().min(1).optional(),
      env: envMap,
      passEnv,
      sandbox: agentSandbox,
    })
    .strict(),
]);

const QuotaSchema = z.discriminatedUnion("provider", [
  z
    .object({
      provider: z.literal("budget"),
      /** Agent prompts allowed per rolling window. */
      limit: z.number().int().positive(),
      windowHours: z.number().positive().default(5),
    })
    .strict(),
  z
    .object({
      provider: z.literal("http"),
      /** GET this URL; its JSON answer says how many prompts remain. */
      url: z.url({ protocol: /^https?$/ }),
      /** Where the remaining amount is in the answer, e.g. `data.remains[0].count`. */
      remainingPath: z.string().min(1),
      /** The plan's size, for the safety buffer; thresholds apply to `remaining` alone. */
      limit: z.number().int().positive(),
      /** Request headers whose values are read from environment variables: `{ Authorization: QUOTA_TOKEN }`. */
      headersFromEnv: z.record(z.string(), z.string().min(1)).default({}),
      timeoutMs: z.number().int().positive().max(60_000).default(5_000),
    })
    .strict(),
  /** Dollars per rolling window, from the cost agents report (docs/learning.md). */
  UsdQuotaSchema,
  z.object({ provider: z.literal("none") }).strict(),
]);

const HhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day as HH:MM");
const Weekday = z.enum(["sun", "mon", "tue", "wed", "thu", "fri", "sat"]);
const SizeSchema = z.enum(["S", "M", "L", "XL"]);

/** A schedule window: sessions are host-wide, so windows are the host's (PRODUCT.md §4). */
const WindowSchema = z
  .object({
    /** Names the window in reports and journal keys; unique per host. */
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lowercase letters, digits and dashes"),
    /** IANA timezone of `start`, `end` and `days`. */
    timezone: z
      .string()
      .min(1)
      .default("UTC")
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat("en-US", { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, "an IANA timezone such as Europe/Berlin"),
    /** Days the window opens on; a window crossing midnight ends the next day. */
    days: z.array(Weekday).nonempty().default(["sun", "mon", "tue", "wed", "thu", "fri", "sat"]),
    start: HhMm.default("23:00"),
    /** Not after `start` means the window crosses midnight. */
    end: HhMm.default("07:00"),
    /** Minutes between cycles. */
    everyMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    /** Random delay of each cycle, at most this many minutes (kept inside its slot). */
    jitterMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(5),
    /** Task sizes the window accepts; a task too big for the time left is skipped. */
    sizes: z.array(SizeSchema).nonempty().default(["S", "M", "L", "XL"]),
    /** The evening preview goes out this long before the window opens (default 20:00 for 23:00). */
    previewMinutesBefore: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(180),
  })
  .strict();

/** Host configuration: the operator's, never a repository's. */
export const HostConfigSchema = z
  .object({
    agents: z.record(z.string(), AgentSchema).default({}),
    /** The agent used when a repository names none. */
    defaultAgent: z.string().min(1).optional(),
    quota: QuotaSchema.default({ provider: "none" }),
    /** A priority runs only while more than this many prompts remain (PRODUCT.md §4). */
    thresholds: z
      .object({
        critical: z.number().nonnegative().default(5),
        high: z.number().nonnegative().default(15),
        medium: z.number().nonnegative().default(25),
        low: z.number().nonnegative().default(40),
      })
      .strict()
      .prefault({}),
    /** At most this many prompts per session, whatever the quota says (unset: no cap). */
    sessionCapPrompts: z.number().int().positive().optional(),
    /** A session starts no run once less than this share of the quota is left. */
    safetyBufferPercent: z.number().min(0).max(100).default(20),
    /** Schedule windows; default one 23:00–07:00 UTC night. */
    windows: z
      .array(WindowSchema)
      .nonempty()
      .prefault([{ name: "night" }])
      .refine(
        (windows) => new Set(windows.map((w) => w.name)).size === windows.length,
        "window names must be unique",
      ),
    /** Host constraints checked in every preflight. */
    constraints: z
      .object({
        /** Start no run while on battery (where the OS tells; unknown never blocks). */
        requireAcPower: z.boolean().default(false),
        /** Hold `systemd-inhibit` / `caffeinate` during a session where present. */
        keepAwake: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    maxConcurrent: z.number().int().positive().max(32).default(3),
    /**
     * A repository's progress comment is edited at most this often while its runs change: a
     * glance at the night, not a log (each edit counts against GitHub's limits on writes).
     */
    progressMinutes: z.number().int().min(1).max(60).default(5),
    /** Per-run agent timeout; the hard maximum is 8 hours. */
    runTimeoutMinutes: z
      .number()
      .positive()
      .max(8 * 60)
      .default(30),
    /** Where mirrors, worktrees and logs live. */
    dataDir: z.string().min(1).default(".nightshift"),
    /**
     * A failed run's worktree is kept this long for diagnosis, then removed. At least the
     * longest run (8 hours), so a running run's worktree is never taken.
     */
    keepFailedWorkspacesHours: z.number().min(8).default(72),
    /** The boundary around every agent run and gate (docs/security.md). */
    sandbox: z
      .object({
        /**
         * `bubblewrap` (Linux user namespaces; the default) or `none`, an explicit opt-out for
         * hosts that cannot give one: runs then see the bot's user, files and network, and
         * `doctor`, every preview and every report say so.
         */
        mode: z.enum(["bubblewrap", "none"]).default("bubblewrap"),
        /** Extra read-only directories every run sees (where agent CLIs live outside /usr). */
        toolDirs: z.array(AbsolutePath).default([]),
        /** No file a run writes may grow past this (RLIMIT_FSIZE). */
        maxFileMb: z.number().int().positive().default(1024),
        /** Processes of the run's user (RLIMIT_NPROC; not enforced for a bot running as root). */
        maxProcesses: z.number().int().positive().default(1024),
        /** Heap per process (RLIMIT_DATA). */
        maxMemoryMb: z.number().int().positive().default(8192),
        /** Size of the run's private /tmp and HOME, each (memory-backed tmpfs). */
        tmpMb: z.number().int().positive().default(1024),
      })
      .strict()
      .prefault({}),
    /** Cap of each run's log file. */
    maxLogBytes: z
      .number()
      .int()
      .positive()
      .default(10 * 1024 * 1024),
    /** `calibration.minRuns`: past runs needed before planning uses their median (docs/learning.md). */
    ...HostLearningSchema.shape,
    /** The weekend planner: the weekend window and when its list and summary go out. */
    weekend: HostWeekendSchema.optional(),
    /** Where tasks run: this host's sandbox (`local`) and GitHub Actions (docs/actions.md). */
    ...hostBackends,
  })
  .strict()
  .refine((host) => !host.weekend || host.windows.some((w) => w.name === host.weekend?.window), {
    message: "weekend.window must name one of the windows",
    path: ["weekend", "window"],
  });

export type HostConfig = z.infer<typeof HostConfigSchema>;
export type HostConfigInput = z.input<typeof HostConfigSchema>;
export type AgentConfig = HostConfig["agents"][string];
export type QuotaConfig = HostConfig["quota"];
export type SandboxConfig = HostConfig["sandbox"];
export type AgentSandboxConfig = AgentConfig["sandbox"];
