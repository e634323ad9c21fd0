import { describe, expect, it } from "vitest";
import {
  findCredentials,
  hasCredential,
  redactCredentials,
  type CredentialKind,
} from "../../src/text/credentials.js";
import { fakePemHeader } from "../support/keys.js";

// Built at run time, so no secret scanner mistakes this file for a leak.
const alnum = (length: number) => "aB3dE5gH7jK9".repeat(Math.ceil(length / 12)).slice(0, length);
const pem = ["-----BEGIN RSA PRIVATE", "KEY-----\nMIIEow\n-----END RSA PRIVATE", "KEY-----"].join(
  " ",
);
const jwt = `eyJ${alnum(20)}.eyJ${alnum(30)}.${alnum(43)}`;

const SAMPLES: [CredentialKind, string][] = [
  ["github-token", `ghp_${alnum(36)}`],
  ["github-token", `gho_${alnum(36)}`],
  ["github-token", `ghu_${alnum(36)}`],
  ["github-token", `ghs_${alnum(36)}`],
  ["github-token", `ghr_${alnum(36)}`],
  ["github-pat", `github_pat_${alnum(22)}_${alnum(59)}`],
  ["anthropic-key", `sk-ant-api03-${alnum(40)}-${alnum(20)}`],
  ["openai-key", `sk-proj-${alnum(48)}`],
  ["openai-key", `sk-${alnum(48)}`],
  ["aws-access-key", `AKIA${alnum(16).toUpperCase()}`],
  ["aws-access-key", `ASIA${alnum(16).toUpperCase()}`],
  ["private-key", pem],
  ["private-key", `${fakePemHeader("OPENSSH")} (the rest was cut off)`],
  ["jwt", jwt],
];

describe("credentials", () => {
  it.each(SAMPLES)("finds and redacts a %s", (kind, secret) => {
    const text = `before ${secret} after`;
    expect(hasCredential(text)).toBe(true);
    expect(findCredentials(text)[0]).toMatchObject({ kind, index: 7 });
    const redacted = redactCredentials(text);
    expect(redacted).toMatch(/^before \[redacted [a-z-]+\]/);
    expect(redacted).not.toContain(secret);
    expect(hasCredential(redacted)).toBe(false);
  });

  it("finds a token glued to an underscore, as in an identifier or emphasis", () => {
    for (const text of [
      `_ghs_${alnum(36)}_`,
      `MY_TOKEN_ghp_${alnum(36)}`,
      `AKIA${alnum(16).toUpperCase()}_x`,
      `key_sk-ant-api03-${alnum(40)}`,
    ]) {
      expect(hasCredential(text)).toBe(true);
      expect(redactCredentials(text)).not.toMatch(/gh[sp]_|AKIA|sk-ant/);
    }
  });

  it("finds every credential, in order of position", () => {
    const text = `a ${jwt} b ghs_${alnum(36)} c AKIA${alnum(16).toUpperCase()}`;
    expect(findCredentials(text).map((found) => found.kind)).toEqual([
      "jwt",
      "github-token",
      "aws-access-key",
    ]);
  });

  it.each([
    "sha256-abc",
    "sha512-Q2hlY2tzdW0gb2YgYSBwYWNrYWdl",
    "a5c3785ed8d6a35868bc169f07e40e889087fd2e",
    "skip-ant and skip-antelope-migration-step",
    "task-ant-colony-simulation-project",
    "ghs_short",
    "AKIA-not-a-key",
    "AKIAIOSFODNN7EXAMPL",
    "-----BEGIN PUBLIC KEY-----",
    "-----BEGIN CERTIFICATE-----",
    "eyJhbGciOiJIUzI1NiJ9 alone",
    "npm install sk-ant",
  ])("does not flag %j", (text) => {
    expect(hasCredential(text)).toBe(false);
    expect(redactCredentials(text)).toBe(text);
  });
});
