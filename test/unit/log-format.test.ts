import { describe, expect, it } from "vitest";
import { logFormatFor } from "../../src/logging/logger.js";

describe("logFormatFor", () => {
  it.each([
    [{}, false, "json"],
    [{}, true, "pretty"],
    [{ LOG_FORMAT: "json" }, true, "json"],
    [{ LOG_FORMAT: "pretty" }, false, "pretty"],
    [{ LOG_FORMAT: "fancy" }, false, "json"],
  ])("%o, stderr a terminal: %s → %s", (env, tty, format) => {
    expect(logFormatFor(env as NodeJS.ProcessEnv, tty)).toBe(format);
  });
});
