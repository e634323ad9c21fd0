import { describe, expect, it } from "vitest";
import { chooseBackend } from "../../src/backends/choose.js";
import { BackendRepoSchema, BackendsHostSchema } from "../../src/config/backends-schema.js";
import { HostConfigSchema } from "../../src/config/host-schema.js";
import { RepoConfigSchema } from "../../src/config/repo-schema.js";

const host = (backends: unknown = {}, runTimeoutMinutes = 30) => ({
  backends: BackendsHostSchema.parse(backends),
  runTimeoutMinutes,
});
const repo = (backend: unknown = {}) => ({ backend: BackendRepoSchema.parse(backend) });
const actionsOn = { default: "actions", actions: { enabled: true } };

describe("chooseBackend", () => {
  it.each([
    ["nothing configured", {}, {}, {}, "local"],
    ["the host's default", {}, {}, actionsOn, "actions"],
    ["the repository's default over the host's", {}, { default: "local" }, actionsOn, "local"],
    [
      "the category over the default",
      { category: "research" },
      { default: "local", byCategory: { research: "actions" } },
      actionsOn,
      "actions",
    ],
    [
      "the size over the category",
      { category: "research", size: "XL" },
      { byCategory: { research: "actions" }, bySize: { XL: "local" } },
      actionsOn,
      "local",
    ],
  ] as const)("follows %s", (_name, task, backend, backends, kind) => {
    expect(chooseBackend(task, repo(backend), host(backends))).toMatchObject({ ok: true, kind });
  });

  it("refuses a backend the host has not enabled", () => {
    expect(chooseBackend({}, repo({ default: "actions" }), host())).toEqual({
      ok: false,
      reason: "the actions backend is not enabled on this host (`backends.actions.enabled`)",
    });
    expect(chooseBackend({}, repo(), host({ local: { enabled: false } }))).toMatchObject({
      ok: false,
    });
  });

  it("picks runners per size, and keeps long tasks off GitHub-hosted runners", () => {
    const backends = {
      default: "actions",
      actions: {
        enabled: true,
        runsOnBySize: {
          L: { group: "larger", labels: ["ubuntu-latest-16-core"] },
          XL: ["self-hosted", "linux"],
        },
      },
    };
    expect(chooseBackend({ size: "S" }, repo(), host(backends))).toMatchObject({
      runsOn: "ubuntu-latest",
      timeoutMinutes: 60,
    });
    expect(chooseBackend({ size: "L" }, repo(), host(backends))).toMatchObject({
      runsOn: { group: "larger" },
    });
    expect(chooseBackend({ size: "XL" }, repo(), host(backends, 480))).toMatchObject({
      runsOn: ["self-hosted", "linux"],
      timeoutMinutes: 510,
    });
    expect(
      chooseBackend(
        { size: "XL" },
        repo(),
        host({ default: "actions", actions: { enabled: true } }),
      ),
    ).toEqual({
      ok: false,
      reason:
        "size XL may take 12 h and GitHub-hosted jobs stop at 6 h: route it to self-hosted runners (`backends.actions.runsOnBySize.XL`)",
    });
    expect(
      chooseBackend(
        { size: "M" },
        repo(),
        host({ ...actionsOn, actions: { enabled: true, timeoutMinutes: 900 } }),
      ),
    ).toMatchObject({
      timeoutMinutes: 360,
    });
  });
});

describe("the backend config fragments", () => {
  it("are part of the host and repository schemas, with their defaults", () => {
    const hostConfig = HostConfigSchema.parse({});
    expect(hostConfig.backends).toEqual({
      default: "local",
      local: { enabled: true },
      actions: {
        enabled: false,
        workflow: "nightshift-agent.yml",
        runsOn: "ubuntu-latest",
        runsOnBySize: {},
        maxConcurrent: 5,
        timeoutMinutes: 60,
        maxArtifactMb: 50,
        sandbox: "bubblewrap",
        toolDirs: [],
      },
    });
    const repoConfig = RepoConfigSchema.parse({
      backend: { bySize: { XL: "actions" } },
    });
    expect(repoConfig.backend).toEqual({ byCategory: {}, bySize: { XL: "actions" } });
  });

  it("refuse what they do not know", () => {
    expect(() => BackendRepoSchema.parse({ default: "cloud" })).toThrow();
    expect(() => BackendRepoSchema.parse({ bySize: { XXL: "actions" } })).toThrow();
    expect(() => BackendsHostSchema.parse({ actions: { workflow: "../evil.yml" } })).toThrow();
    expect(() => BackendsHostSchema.parse({ actions: { runsOn: [] } })).toThrow();
    expect(() => BackendsHostSchema.parse({ actions: { timeoutMinutes: 100_000 } })).toThrow();
  });
});
