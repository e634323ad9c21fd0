import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ValidateFunction } from "ajv";
import { z } from "zod";

/**
 * The simulator's compiled OpenAPI validators, kept on disk between processes. Every test file
 * that starts a simulator used to read GitHub's 13 MB description and compile the validators of
 * each operation it met (about 50 ms each): some two seconds of CPU per file, the same work in
 * every one. The cache holds the operation index (method, path, id) and, per operation, ajv's
 * standalone code for its validators, in a directory named by a hash of everything the code
 * depends on (the description's, ajv's and ajv-formats' versions and this package's
 * validation source), so a change to any of them starts a new one. Files are written whole and
 * renamed into place, so processes sharing the directory never read half a file.
 *
 * `NIGHTSHIFT_SIMULATOR_CACHE`: another directory to keep it in, or `off` for none.
 */

/** An operation as the index lists it: enough to match a request, not to check one. */
export interface IndexedOperation {
  method: string;
  path: string;
  operationId: string | null;
}

/** An operation's validators as ajv's standalone code (CommonJS modules). */
export interface CompiledSources {
  path: string;
  query: string;
  body: string | null;
  bodyRequired: boolean;
}

export interface CompiledOperation {
  path: ValidateFunction;
  query: ValidateFunction;
  body: ValidateFunction | null;
  bodyRequired: boolean;
}

export interface ValidatorCache {
  readIndex(): Promise<IndexedOperation[] | null>;
  writeIndex(operations: readonly IndexedOperation[]): Promise<void>;
  read(operation: IndexedOperation): Promise<CompiledOperation | null>;
  write(operation: IndexedOperation, sources: CompiledSources): Promise<void>;
}

const IndexSchema = z.array(
  z.object({ method: z.string(), path: z.string(), operationId: z.string().nullable() }),
);

const requireHere = createRequire(import.meta.url);

/**
 * One module per operation: a function of `require`, so the validators' runtime imports
 * (`ajv/dist/runtime/…`, `ajv-formats`) resolve from this package wherever the cache lives.
 */
function moduleText(sources: CompiledSources): string {
  const define = (code: string) => `load(function (module, exports) {\n${code}\n})`;
  return [
    '"use strict";',
    "module.exports = function (require) {",
    "  const load = (define) => { const module = { exports: {} }; define(module, module.exports); return module.exports; };",
    "  return {",
    `    path: ${define(sources.path)},`,
    `    query: ${define(sources.query)},`,
    `    body: ${sources.body === null ? "null" : define(sources.body)},`,
    `    bodyRequired: ${String(sources.bodyRequired)},`,
    "  };",
    "};",
    "",
  ].join("\n");
}

/** Loads a module written by `moduleText`. */
function loadModule(file: string): CompiledOperation {
  const factory = requireHere(file) as (require: NodeJS.Require) => CompiledOperation;
  return factory(requireHere);
}

async function writeWhole(file: string, text: string): Promise<void> {
  const partial = `${file}.${randomUUID()}.partial`;
  await writeFile(partial, text);
  await rename(partial, file);
}

const fileOf = (dir: string, { method, path }: IndexedOperation) =>
  join(dir, `${createHash("sha256").update(`${method} ${path}`).digest("hex").slice(0, 24)}.cjs`);

/** A cache in `dir`, which it creates on its first write. */
export function cacheIn(dir: string): ValidatorCache {
  const indexFile = join(dir, "index.json");
  return {
    async readIndex() {
      try {
        const parsed = IndexSchema.safeParse(JSON.parse(await readFile(indexFile, "utf8")));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
    async writeIndex(operations) {
      await mkdir(dir, { recursive: true });
      await writeWhole(indexFile, JSON.stringify(operations));
    },
    read(operation) {
      try {
        return Promise.resolve(loadModule(fileOf(dir, operation)));
      } catch {
        return Promise.resolve(null); // absent, or unreadable: compiled again and rewritten
      }
    },
    async write(operation, sources) {
      await mkdir(dir, { recursive: true });
      await writeWhole(fileOf(dir, operation), moduleText(sources));
    },
  };
}

/** The default directory: under the project's `node_modules/.cache`, named by what it holds. */
function defaultDir(): string | null {
  const setting = process.env.NIGHTSHIFT_SIMULATOR_CACHE;
  if (setting === "off") return null;
  const version = (pkg: string) =>
    (requireHere(`${pkg}/package.json`) as { version: string }).version;
  const here = dirname(fileURLToPath(import.meta.url));
  const hash = createHash("sha256");
  for (const pkg of ["@octokit/openapi", "ajv", "ajv-formats"])
    hash.update(`${pkg}@${version(pkg)}\n`);
  for (const source of ["openapi.ts", "openapi-cache.ts"]) {
    hash.update(readFileSync(join(here, source)));
  }
  const key = hash.digest("hex").slice(0, 16);
  if (setting) return join(setting, key);
  const openapi = dirname(requireHere.resolve("@octokit/openapi/package.json"));
  // node_modules/@octokit/openapi → node_modules/.cache
  return join(openapi, "..", "..", ".cache", "nightshift-simulator", key);
}

const dir = defaultDir();
/** The process's cache; null when `NIGHTSHIFT_SIMULATOR_CACHE=off`. */
export const validatorCache: ValidatorCache | null = dir === null ? null : cacheIn(dir);
