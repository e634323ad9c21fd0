import { createPrivateKey, sign, type KeyObject } from "node:crypto";

export type ParsedKey =
  { ok: true; key: KeyObject; description: string } | { ok: false; problem: string };

/** The app's private key as node:crypto reads it: a PEM RSA private key, or why it is not. */
export function parsePrivateKey(pem: string): ParsedKey {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  }
  if (key.asymmetricKeyType !== "rsa") {
    return {
      ok: false,
      problem: `a ${String(key.asymmetricKeyType)} key; GitHub Apps sign with RSA`,
    };
  }
  const bits = key.asymmetricKeyDetails?.modulusLength;
  return { ok: true, key, description: `RSA${bits ? ` ${bits}-bit` : ""} private key` };
}

const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString("base64url");

/**
 * An app JWT (RS256), as GitHub asks: issued a minute in the past for clock drift, valid nine
 * minutes (the most GitHub accepts is ten). `iss` is the numeric App ID, or a client ID.
 */
export function appJwt(appId: string, key: KeyObject, now: Date): string {
  const seconds = Math.floor(now.getTime() / 1000);
  const iss = /^\d+$/.test(appId) ? Number(appId) : appId;
  const unsigned = `${part({ alg: "RS256", typ: "JWT" })}.${part({ iat: seconds - 60, exp: seconds + 9 * 60, iss })}`;
  const signature = sign("RSA-SHA256", Buffer.from(unsigned), key).toString("base64url");
  return `${unsigned}.${signature}`;
}
