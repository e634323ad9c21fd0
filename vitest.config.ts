import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Real git and real child processes: give slow CI machines room, but keep the suite bounded.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
