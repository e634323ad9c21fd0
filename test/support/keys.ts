import { generateKeyPairSync } from "node:crypto";

/** An RSA key for a test GitHub App, generated at test time (never committed). */
export function testPrivateKey(): string {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return privateKey.export({ type: "pkcs1", format: "pem" }).toString();
}

/**
 * Text shaped like a PEM private key (not a key), for tests of redaction and secret handling.
 * The header is put together at run time, so no secret scanner mistakes a test file for a leak.
 */
export function fakePemKey(body: string, kind = "RSA"): string {
  const marker = (edge: "BEGIN" | "END") =>
    `-----${edge} ${kind} ${["PRIVATE", "KEY"].join(" ")}-----`;
  return `${marker("BEGIN")}\n${body}\n${marker("END")}`;
}

/** The first line of `fakePemKey`, alone (a pasted key cut short). */
export function fakePemHeader(kind = "RSA"): string {
  return `-----BEGIN ${kind} ${["PRIVATE", "KEY"].join(" ")}-----`;
}
