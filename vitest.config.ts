import { defineConfig } from "vitest/config";
import { LongestFirst } from "./test/support/sequencer.js";

/** The files that run the built server: their project builds dist/ once before they start. */
const BUILT = [
  "test/e2e/operator-night.test.ts",
  "test/e2e/operator-server.test.ts",
  "test/deploy/container-run.test.ts",
  "test/deploy/package.test.ts",
];

/**
 * Files of in-process logic that leave no process-wide state behind (no nock, fake timers,
 * environment or signal handlers): they share their worker's module cache, as loading Probot,
 * zod and the rest again for each of them was most of their CPU.
 */
const SHARED = [
  "learn",
  "text",
  "schedule",
  "quota",
  "queue",
  "config",
  "approval",
  "report",
  "store",
  "lint",
  "unit",
  "health",
  "cli",
  "demo",
  "night",
  "run",
  "backends",
  "runner",
  "sandbox",
  "simulator",
  "gates",
].map((room) => `test/${room}/**/*.test.ts`);
/** Files in those rooms that do change process-wide state: each keeps a process of its own. */
const OWN_PROCESS = [
  "test/report/still-running.test.ts",
  "test/store/journal.test.ts",
  "test/unit/work-queue.test.ts",
  "test/night/actions-loose-ends.test.ts",
  "test/backends/actions/actions-night.test.ts",
  "test/runner/hostile-git-config.test.ts",
  "test/runner/child-env.test.ts",
  "test/runner/process.test.ts",
  "test/sandbox/bridge.test.ts",
];

/**
 * The simulated nights: each sets nock the same way (no network but 127.0.0.1) and undoes it,
 * so they share a worker's modules among themselves, apart from the rooms above.
 */
const NIGHTS = ["test/e2e/**/*.test.ts"];

export default defineConfig({
  test: {
    // Real git and real child processes: give slow CI machines room, but keep the suite bounded.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // vitest's default is one worker fewer than the cores: on 2 cores, one file at a time. Most
    // of the slow files wait on child processes, git and the real clock rather than compute,
    // so two cores keep more of them going; the real-clock night holds one worker mostly idle.
    maxWorkers: 4,
    // The real-clock night and the crash suite start first, so the rest overlaps them.
    sequence: { sequencer: LongestFirst },
    projects: [
      // dist/ built once, before any of these files starts, and only when one of them runs.
      {
        extends: true,
        test: { name: "built", include: BUILT, globalSetup: ["test/support/build-once.ts"] },
      },
      {
        extends: true,
        test: { name: "shared", include: SHARED, exclude: OWN_PROCESS, isolate: false },
      },
      {
        extends: true,
        test: {
          name: "source",
          include: ["test/**/*.test.ts"],
          exclude: [...BUILT, ...SHARED, ...NIGHTS],
        },
      },
      { extends: true, test: { name: "own", include: OWN_PROCESS } },
      {
        extends: true,
        test: { name: "nights", include: NIGHTS, exclude: BUILT, isolate: false },
      },
    ],
  },
});
