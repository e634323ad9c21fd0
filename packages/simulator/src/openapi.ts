import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { Ajv, type ValidateFunction } from "ajv";
import formats from "ajv-formats";
import { bestMatch, compileTemplate, type Template } from "./template.js";

/**
 * Request validation against GitHub's own OpenAPI description (@octokit/openapi). The 13 MB
 * file is read once per process, on first use; each operation's validators are compiled the
 * first time a request hits it. `$ref`s are resolved here rather than using the 70 MB
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

interface Operation {
  method: string;
  template: Template;
  raw: RawOperation;
  compiled?: CompiledOperation;
}

interface CompiledOperation {
  path: ValidateFunction;
  query: ValidateFunction;
  body: ValidateFunction | null;
  bodyRequired: boolean;
}

interface SpecIndex {
  spec: Schema;
  byMethod: Map<string, Operation[]>;
  /** Milliseconds it took to read, parse and index the description. */
  loadMs: number;
}

const METHODS = ["get", "put", "post", "delete", "patch", "head"];

let loading: Promise<SpecIndex> | null = null;

function specPath(): string {
  return createRequire(import.meta.url).resolve("@octokit/openapi/generated/api.github.com.json");
}

/** Loads and indexes the description once per process. */
export function loadSpec(): Promise<SpecIndex> {
  loading ??= (async () => {
    const started = performance.now();
    const spec = JSON.parse(await readFile(specPath(), "utf8")) as Schema;
    const byMethod = new Map<string, Operation[]>();
    const paths = (spec.paths ?? {}) as Record<string, Record<string, RawOperation>>;
    for (const [path, item] of Object.entries(paths)) {
      const template = compileTemplate(path);
      for (const method of METHODS) {
        const raw = item[method];
        if (!raw) continue;
        const list = byMethod.get(method.toUpperCase()) ?? [];
        list.push({ method: method.toUpperCase(), template, raw });
        byMethod.set(method.toUpperCase(), list);
      }
    }
    return { spec, byMethod, loadMs: Math.round(performance.now() - started) };
  })();
  return loading;
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

const strictAjv = new Ajv({ strict: false, allErrors: true, logger: false });
const coercingAjv = new Ajv({
  strict: false,
  allErrors: true,
  logger: false,
  coerceTypes: "array",
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

function compile(operation: Operation, spec: Schema): CompiledOperation {
  const params = (operation.raw.parameters ?? []).map((p) => resolveSchema(p, spec) as Parameter);
  const group = (where: "path" | "query"): ValidateFunction => {
    const selected = params.filter((p) => p.in === where);
    return coercingAjv.compile({
      type: "object",
      properties: Object.fromEntries(selected.map((p) => [p.name, lenient(p.schema ?? {})])),
      required: selected.filter((p) => p.required).map((p) => p.name),
    });
  };
  const requestBody = operation.raw.requestBody
    ? (resolveSchema(operation.raw.requestBody, spec) as Schema)
    : null;
  const content = requestBody?.content as Record<string, { schema?: unknown }> | undefined;
  const bodySchema = content?.["application/json"]?.schema;
  return {
    path: group("path"),
    query: group("query"),
    body: bodySchema === undefined ? null : strictAjv.compile(bodySchema as Schema),
    bodyRequired: requestBody?.required === true,
  };
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
  operation.compiled ??= compile(operation, index.spec);
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
  return { operationId: operation.raw.operationId ?? null, problems };
}
