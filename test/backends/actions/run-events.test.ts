import { describe, expect, it } from "vitest";
import { runEventOf } from "../../../src/backends/actions/run-events.js";
import { examplePayload } from "../../support/payloads.js";

describe("runEventOf", () => {
  it("reads GitHub's workflow_run and workflow_job payloads", () => {
    const completed = examplePayload("workflow_run", "completed", false);
    const run = completed.workflow_run as { id: number; status: string; conclusion: string | null };
    // This example predates display_title; GitHub sends it today.
    expect(runEventOf("workflow_run", completed)).toEqual({
      event: "workflow_run",
      action: "completed",
      repo: "Codertocat/Hello-World",
      runId: run.id,
      status: run.status,
      conclusion: run.conclusion,
    });
    const titled = { ...completed, workflow_run: { ...run, display_title: "s1-acme-calc-7" } };
    expect(runEventOf("workflow_run", titled)?.title).toBe("s1-acme-calc-7");
    const queued = examplePayload("workflow_job", "queued");
    const job = queued.workflow_job as { run_id: number };
    expect(runEventOf("workflow_job", queued)).toMatchObject({
      event: "workflow_job",
      action: "queued",
      runId: job.run_id,
      status: "queued",
      conclusion: null,
    });
  });

  it("ignores other events and payloads that are not what they claim", () => {
    expect(runEventOf("issues", examplePayload("issues", "opened"))).toBeNull();
    expect(runEventOf("workflow_run", { action: "completed" })).toBeNull();
    expect(
      runEventOf("workflow_job", { action: "queued", workflow_job: { run_id: "1" } }),
    ).toBeNull();
  });
});
