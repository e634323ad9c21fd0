import { defineConfig } from "vitest/config";
import { LongestFirst } from "./test/support/sequencer.js";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Real git and real child processes: give slow CI machines room, but keep the suite bounded.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // dist/ built once, before any file starts, for the tests that run the built server.
    globalSetup: ["test/support/build-once.ts"],
    // vitest's default is one worker fewer than the cores: on 2 cores, one file at a time. Most
    // of the slow files wait on child processes, git and the real clock rather than compute,
    // so two cores keep more of them going; the real-clock night holds one worker mostly idle.
    maxWorkers: 4,
    // The real-clock night and the crash suite start first, so the rest overlaps them.
    sequence: { sequencer: LongestFirst },
  },
});
