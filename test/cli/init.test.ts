import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { initCommand, thisPackageSpec } from "../../src/cli/init.js";

describe("nightshift init", () => {
  it("prints the workflow pinned to this version, with the secrets asked for", () => {
    const text = initCommand({ secrets: ["ANTHROPIC_API_KEY"], oidc: true });
    expect(thisPackageSpec()).toBe("nightshift@0.1.0");
    expect(text).toContain("npx --yes --package=nightshift@0.1.0 -- nightshift job");
    expect(text).toContain("ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC_API_KEY }}");
    const workflow = parse(text) as { permissions: Record<string, string> };
    expect(workflow.permissions).toEqual({ contents: "read", "id-token": "write" });
  });
});
