import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { Ajv, type ValidateFunction } from "ajv";
import formats from "ajv-formats";
import standalone from "ajv/dist/standalone/index.js";
import {
  validatorCache,
  type CompiledOperation,
  type CompiledSources,
  type IndexedOperation,
} from "./openapi-cache.js";
import { bestMatch, compileTemplate, type Template } from "./template.js";

/**
 * Request validation against GitHub's own OpenAPI description (@octokit/openapi). Each
 * operation's validators are compiled the first time a request hits it and kept, as code, in
 * a cache on disk (`openapi-cache.ts`) that every later process loads instead: reading the
 * 13 MB file and compiling a night's thirty-odd operations costs about two seconds of CPU,
 * which every test file with a simulator paid again. The description itself is read only to
 * compile an operation the cache lacks. `$ref`s are resolved here rather than using the 70 MB
 * pre-dereferenced file, which takes several seconds to parse.
 */

type Schema = Record<string, unknown>;

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Schema;
}

interface RawOperation {
  operationId?: string;
  parameters?: Schema[];
  requestBody?: Schema;
}

interface Operation extends IndexedOperation {
  template: Template;
  compiled?: CompiledOperation;
}

interface SpecIndex {
  byMethod: Map<string, Operation[]>;
  /** Milliseconds it took to read (or build) the index. */
  loadMs: number;
}

const METHODS = ["get", "put", "post", "delete", "patch", "head"];

let loadingSpec: Promise<Schema> | null = null;
let loadingIndex: Promise<SpecIndex> | null = null;
const requireHere = createRequire(import.meta.url);

/** GitHub's description, read once per process, only when an operation must be compiled. */
function fullSpec(): Promise<Schema> {
  loadingSpec ??= (async () => {
    const path = requireHere.resolve("@octokit/openapi/generated/api.github.com.json");
    return JSON.parse(await readFile(path, "utf8")) as Schema;
  })();
  return loadingSpec;
}

/** Every operation of the description, by method and path. */
function indexOf(spec: Schema): IndexedOperation[] {
  const operations: IndexedOperation[] = [];
  const paths = (spec.paths ?? {}) as Record<string, Record<string, RawOperation>>;
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const raw = item[method];
      if (raw)
        operations.push({
          method: method.toUpperCase(),
          path,
          operationId: raw.operationId ?? null,
        });
    }
  }
  return operations;
}

/** Loads the operation index once per process: from the cache, else from the description. */
export function loadSpec(): Promise<SpecIndex> {
  loadingIndex ??= (async () => {
    const started = performance.now();
    let operations = (await validatorCache?.readIndex()) ?? null;
    if (!operations) {
      operations = indexOf(await fullSpec());
      await validatorCache?.writeIndex(operations);
    }
    const byMethod = new Map<string, Operation[]>();
    for (const operation of operations) {
      const list = byMethod.get(operation.method) ?? [];
      list.push({ ...operation, template: compileTemplate(operation.path) });
      byMethod.set(operation.method, list);
    }
    return { byMethod, loadMs: Math.round(performance.now() - started) };
  })();
  return loadingIndex;
}

/** Resolves `$ref`s (cycles become `{}`) and turns OpenAPI's `nullable` into JSON Schema. */
function resolveSchema(node: unknown, spec: Schema, stack: string[] = []): unknown {
  if (Array.isArray(node)) return node.map((item) => resolveSchema(item, spec, stack));
  if (typeof node !== "object" || node === null) return node;
  const object = node as Schema;
  const ref = object.$ref;
  if (typeof ref === "string") {
    if (stack.includes(ref)) return {};
    return resolveSchema(lookup(spec, ref), spec, [...stack, ref]);
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(object)) {
    if (key === "example" || key === "examples" || key === "description") continue;
    out[key] = resolveSchema(value, spec, stack);
  }
  if (out.nullable === true) {
    delete out.nullable;
    return { anyOf: [out, { type: "null" }] };
  }
  return out;
}

function lookup(spec: Schema, ref: string): unknown {
  let node: unknown = spec;
  for (const raw of ref.replace(/^#\//, "").split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = typeof node === "object" && node !== null ? (node as Schema)[key] : undefined;
  }
  if (node === undefined) throw new Error(`OpenAPI: unresolved $ref ${ref}`);
  return node;
}

// `code.source`: the compiled validators can be written out as code for the cache.
const strictAjv = new Ajv({
  strict: false,
  allErrors: true,
  logger: false,
  code: { source: true },
});
const coercingAjv = new Ajv({
  strict: false,
  allErrors: true,
  logger: false,
  coerceTypes: "array",
  code: { source: true },
});
formats.default(strictAjv);
formats.default(coercingAjv);

/**
 * A path or query value arrives as text and is coerced, so `"42"` fits both branches of
 * `oneOf: [integer, string]` (a workflow id or file name): for parameters, one branch is enough.
 */
function lenient(schema: Schema): Schema {
  const { oneOf, ...rest } = schema;
  return Array.isArray(oneOf) ? { ...rest, anyOf: oneOf } : schema;
}

function compileValidators(raw: RawOperation, spec: Schema): CompiledOperation {
  const params = (raw.parameters ?? []).map((p) => resolveSchema(p, spec) as Parameter);
  const group = (where: "path" | "query"): ValidateFunction => {
    const selected = params.filter((p) => p.in === where);
    return coercingAjv.compile({
      type: "object",
      properties: Object.fromEntries(selected.map((p) => [p.name, lenient(p.schema ?? {})])),
      required: selected.filter((p) => p.required).map((p) => p.name),
    });
  };
  const requestBody = raw.requestBody ? (resolveSchema(raw.requestBody, spec) as Schema) : null;
  const content = requestBody?.content as Record<string, { schema?: unknown }> | undefined;
  const bodySchema = content?.["application/json"]?.schema;
  return {
    path: group("path"),
    query: group("query"),
    body: bodySchema === undefined ? null : strictAjv.compile(bodySchema as Schema),
    bodyRequired: requestBody?.required === true,
  };
}

/** The validators as ajv's standalone code, for the cache. */
function sourcesOf(compiled: CompiledOperation): CompiledSources {
  return {
    path: standalone.default(coercingAjv, compiled.path),
    query: standalone.default(coercingAjv, compiled.query),
    body: compiled.body === null ? null : standalone.default(strictAjv, compiled.body),
    bodyRequired: compiled.bodyRequired,
  };
}

/** The operation's validators: from the cache, else compiled from the description and cached. */
async function compile(operation: Operation): Promise<CompiledOperation> {
  const cached = await validatorCache?.read(operation);
  if (cached) return cached;
  const spec = await fullSpec();
  const paths = spec.paths as Record<string, Record<string, RawOperation>>;
  const compiled = compileValidators(
    paths[operation.path]?.[operation.method.toLowerCase()] ?? {},
    spec,
  );
  await validatorCache?.write(operation, sourcesOf(compiled));
  return compiled;
}

export interface OpenApiCheck {
  /** The matched operation, e.g. `issues/create`; null when GitHub has no such endpoint. */
  operationId: string | null;
  problems: string[];
}

function describe(
  where: "path parameter" | "query parameter" | "body",
  validate: ValidateFunction,
): string[] {
  return (validate.errors ?? []).slice(0, 5).map((e) => {
    const location = e.instancePath.slice(1).split("/").filter(Boolean);
    const allowed =
      e.keyword === "enum" ? ` (one of ${JSON.stringify(e.params.allowedValues)})` : "";
    if (where === "body") {
      const path = location.map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`)).join("");
      return `body${path} ${e.message ?? "is invalid"}${allowed}`;
    }
    if (e.keyword === "required")
      return `missing required ${where} "${String(e.params.missingProperty)}"`;
    return `${where} "${location.join(".")}" ${e.message ?? "is invalid"}${allowed}`;
  });
}

/** Checks one request against GitHub's description. */
export async function checkRequest(
  method: string,
  segments: readonly string[],
  query: URLSearchParams,
  body: unknown,
): Promise<OpenApiCheck> {
  const index = await loadSpec();
  const found = bestMatch(index.byMethod.get(method) ?? [], segments);
  if (!found)
    return {
      operationId: null,
      problems: [`GitHub's API has no operation ${method} /${segments.join("/")}`],
    };
  const operation = found.item;
  operation.compiled ??= await compile(operation);
  const compiled = operation.compiled;
  const problems: string[] = [];
  if (!compiled.path({ ...found.params }))
    problems.push(...describe("path parameter", compiled.path));
  const queryObject: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    queryObject[key] = values.length === 1 ? (values[0] ?? "") : values;
  }
  if (!compiled.query(queryObject)) problems.push(...describe("query parameter", compiled.query));
  if (body === undefined) {
    if (compiled.bodyRequired) problems.push("request body is required");
  } else if (compiled.body && !compiled.body(body)) {
    problems.push(...describe("body", compiled.body));
  }
  return { operationId: operation.operationId, problems };
}
