import { defineConfig } from "vitest/config";
import { LongestFirst } from "./test/support/sequencer.js";

/** The files that run the built server: their project builds dist/ once before they start. */
const BUILT = [
  "test/e2e/operator-night.test.ts",
  "test/e2e/operator-server.test.ts",
  "test/deploy/container-run.test.ts",
  "test/deploy/package.test.ts",
];

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
      { extends: true, test: { name: "source", include: ["test/**/*.test.ts"], exclude: BUILT } },
    ],
  },
});
