import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { repoConfigJsonSchema, repoConfigSchemaText } from "../../src/config/json-schema.js";
import { RepoConfigSchema } from "../../src/config/repo-schema.js";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
const validate = new Ajv({ strict: false }).compile(repoConfigJsonSchema());

/** The first ```yaml block after `heading` in a Markdown file. */
function yamlAfter(markdown: string, heading: string): unknown {
  const from = markdown.indexOf(heading);
  const start = markdown.indexOf("```yaml\n", from) + "```yaml\n".length;
  return parseYaml(markdown.slice(start, markdown.indexOf("```", start)));
}

describe("the JSON Schema for .github/nightshift.yml", () => {
  it("is committed as `npm run schema` writes it", () => {
    expect(read("schema/nightshift.schema.json")).toBe(repoConfigSchemaText());
  });

  it("accepts the documented example and the demo's config", () => {
    const documented = yamlAfter(read("docs/configuration.md"), "## Repository config");
    const demo = parseYaml(read("fixtures/scenarios/demo-repo/.github/nightshift.yml")) as unknown;
    for (const config of [documented, demo]) {
      expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
      expect(RepoConfigSchema.safeParse(config).success).toBe(true);
    }
  });

  it.each([
    [{}, true],
    [{ _extends: ".github" }, true],
    [{ agent: { default: "claude", byCategory: { tests: "aider" } } }, true],
    [{ gates: [{ name: "test", run: ["npm", "test"], timeoutMinutes: 5 }] }, true],
    [{ schedule: { window: "23:00-07:00" } }, false], // windows are the host's
    [{ enabled: "yes" }, false],
    [{ pullRequests: { onGateFailure: "close" } }, false],
    [{ changes: { maxFileBytes: 200 * 1024 * 1024 } }, false],
    [{ gates: [{ name: "test" }] }, false],
    [{ untilDone: [{ label: "epic: parser", doneWhen: "npm run check", dailyCap: 60 }] }, true],
    [{ untilDone: [{ milestone: "v2.0", dailyCap: -1 }] }, false],
    [{ untilDone: [{ milestone: "v2.0", unknown: 1 }] }, false],
  ])("%j: valid %s, as zod says", (config, valid) => {
    expect(validate(config)).toBe(valid);
    // `_extends` is resolved (and removed) by Probot's config reader before zod sees the file.
    const own = Object.fromEntries(Object.entries(config).filter(([key]) => key !== "_extends"));
    expect(RepoConfigSchema.safeParse(own).success).toBe(valid);
  });
});
