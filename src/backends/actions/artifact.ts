import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { ExecuteResultSchema, type ExecuteResult } from "../../run/result.js";
import { extractZipEntry, listZip, ZipError, type ZipListing } from "./zip-read.js";
import { writeZip, type ZipEntry } from "./zip-write.js";

/**
 * The one artifact a job uploads: `result.json` (the versioned ExecuteResult), `change.json`
 * (what became of the change) and, when there is one, `change.bundle` (a git bundle of one
 * commit on top of the base). Read by the bot as hostile data: a fixed set of names, sizes
 * capped before inflating, every file parsed by its schema; reasons never quote the artifact.
 */

export const RESULT_FILE = "result.json";
export const CHANGE_FILE = "change.json";
export const BUNDLE_FILE = "change.bundle";
const FILES = new Set([RESULT_FILE, CHANGE_FILE, BUNDLE_FILE]);

const Sha = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/);

/**
 * - `none`: the worktree matched the base (or the agent failed, so nothing was kept);
 * - `bundle`: `change.bundle` holds `commit`, whose one parent is `base`;
 * - `not-bundled`: the change could not travel as a commit (too many files, or paths git cannot
 *   store: special files, nested repositories, names that are not UTF-8).
 */
export const ChangeManifestSchema = z.discriminatedUnion("kind", [
  z.object({ version: z.literal(1), kind: z.literal("none") }).strict(),
  z.object({ version: z.literal(1), kind: z.literal("bundle"), base: Sha, commit: Sha }).strict(),
  z
    .object({
      version: z.literal(1),
      kind: z.literal("not-bundled"),
      reason: z.enum(["too-many-files", "unrepresentable"]),
    })
    .strict(),
]);
export type ChangeManifest = z.infer<typeof ChangeManifestSchema>;

/** The artifact's zip, from the files a job wrote into `dir`. */
export async function packArtifact(dir: string): Promise<Buffer> {
  const entries: ZipEntry[] = [];
  for (const name of [RESULT_FILE, CHANGE_FILE, BUNDLE_FILE]) {
    const data = await readFile(join(dir, name)).catch(() => undefined);
    if (data !== undefined) entries.push({ name, data });
  }
  return writeZip(entries);
}

export type ArtifactContent =
  | { ok: true; result: ExecuteResult; change: ChangeManifest; bundle?: Buffer }
  | { ok: false; reason: string };

export interface ArtifactCaps {
  /** The largest change bundle accepted (inflated). */
  maxBundleBytes: number;
  /** The largest JSON file accepted (inflated); default 1 MB. */
  maxJsonBytes?: number;
}

const refuse = (reason: string): ArtifactContent => ({ ok: false, reason });

function parseJson<T>(data: Buffer, schema: z.ZodType<T>): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(data.toString("utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function checkNames(entries: readonly ZipListing[]): string | undefined {
  const names = entries.map((entry) => entry.name);
  if (names.some((name) => !FILES.has(name))) {
    return `the artifact holds files other than ${[...FILES].join(", ")}`;
  }
  if (new Set(names).size !== names.length) return "the artifact names a file twice";
  return undefined;
}

/** The job's result and change from the artifact's zip, or why they cannot be believed. */
export function readArtifact(zip: Buffer, caps: ArtifactCaps): ArtifactContent {
  const maxJson = caps.maxJsonBytes ?? 1024 * 1024;
  try {
    const entries = listZip(zip);
    const badNames = checkNames(entries);
    if (badNames !== undefined) return refuse(badNames);
    const file = (name: string, max: number) => {
      const entry = entries.find((candidate) => candidate.name === name);
      return entry && extractZipEntry(zip, entry, max);
    };
    const resultData = file(RESULT_FILE, maxJson);
    if (resultData === undefined) return refuse(`the artifact has no ${RESULT_FILE}`);
    const result = parseJson(resultData, ExecuteResultSchema);
    if (result === undefined) {
      return refuse(`${RESULT_FILE} does not match the result schema (version 1)`);
    }
    const changeData = file(CHANGE_FILE, maxJson);
    const change = changeData && parseJson(changeData, ChangeManifestSchema);
    if (change === undefined) return refuse(`the artifact has no valid ${CHANGE_FILE}`);
    const bundle = file(BUNDLE_FILE, caps.maxBundleBytes);
    if ((change.kind === "bundle") !== (bundle !== undefined)) {
      return refuse(`${CHANGE_FILE} and the presence of ${BUNDLE_FILE} disagree`);
    }
    return { ok: true, result, change, ...(bundle === undefined ? {} : { bundle }) };
  } catch (error) {
    if (error instanceof ZipError)
      return refuse(`the artifact is not a usable zip: ${error.message}`);
    throw error;
  }
}
