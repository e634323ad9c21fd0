import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv } from "ajv";
import standalone from "ajv/dist/standalone/index.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cacheIn, type IndexedOperation } from "../../packages/simulator/src/openapi-cache.js";

const operation: IndexedOperation = {
  method: "POST",
  path: "/repos/{owner}/{repo}/issues",
  operationId: "issues/create",
};

/** Sources as the simulator writes them: ajv's standalone code for each validator. */
function sources() {
  const ajv = new Ajv({ strict: false, allErrors: true, code: { source: true } });
  const code = (schema: object) => standalone.default(ajv, ajv.compile(schema));
  return {
    path: code({ type: "object", required: ["owner"], properties: { owner: { type: "string" } } }),
    query: code({ type: "object" }),
    body: code({ type: "object", required: ["title"], properties: { title: { type: "string" } } }),
    bodyRequired: true,
  };
}

describe("the simulator's validator cache", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "nightshift-openapi-cache-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("has nothing before the first write", async () => {
    const cache = cacheIn(join(dir, "key"));
    expect(await cache.readIndex()).toBeNull();
    expect(await cache.read(operation)).toBeNull();
  });

  it("gives back the index it was given", async () => {
    const cache = cacheIn(join(dir, "key"));
    await cache.writeIndex([operation]);
    expect(await cacheIn(join(dir, "key")).readIndex()).toEqual([operation]);
  });

  it("loads validators that judge requests as the compiled ones did, with their errors", async () => {
    await cacheIn(dir).write(operation, sources());
    const loaded = await cacheIn(dir).read(operation);
    expect(loaded?.bodyRequired).toBe(true);
    expect(loaded?.path({ owner: "acme" })).toBe(true);
    expect(loaded?.path({})).toBe(false);
    expect(loaded?.path.errors?.[0]?.params).toEqual({ missingProperty: "owner" });
    expect(loaded?.body?.({ title: "Add max()" })).toBe(true);
    expect(loaded?.body?.({ title: 42 })).toBe(false);
    expect(loaded?.body?.errors?.[0]?.instancePath).toBe("/title");
  });

  it("leaves no partial file behind, and refuses a damaged file rather than trust it", async () => {
    const cache = cacheIn(dir);
    await cache.write(operation, sources());
    const files = await readdir(dir);
    expect(files.filter((file) => file.endsWith(".partial"))).toEqual([]);
    const module = files.find((file) => file.endsWith(".cjs"));
    await writeFile(join(dir, module ?? "missing"), "module.exports = (");
    expect(await cache.read(operation)).toBeNull();
    await writeFile(join(dir, "index.json"), JSON.stringify([{ method: 1 }]));
    expect(await cache.readIndex()).toBeNull();
  });
});
