import { generateKeyPairSync } from "node:crypto";

/** An RSA key for a test GitHub App, generated at test time (never committed). */
export function testPrivateKey(): string {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return privateKey.export({ type: "pkcs1", format: "pem" }).toString();
}
