import { createPublicKey, generateKeyPair, randomInt, verify, type KeyObject } from "node:crypto";
import { promisify } from "node:util";

/**
 * App authentication as GitHub does it: an RS256 JWT signed with the app's private key for
 * `/app/*`, installation tokens (`ghs_…`, one hour) for everything else. Expiry is checked
 * against the real clock, because the client's JWT and token cache use the real clock too.
 */

export interface AppKey {
  /** PKCS#1 PEM, the format GitHub hands out. */
  privateKey: string;
  publicKey: KeyObject;
}

export async function generateAppKey(): Promise<AppKey> {
  const { privateKey } = await promisify(generateKeyPair)("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

export type JwtCheck = { ok: true } | { ok: false; message: string };

const decodePart = (part: string): unknown =>
  JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Verifies an app JWT the way GitHub does, with GitHub's error messages. */
export function verifyAppJwt(
  token: string,
  key: KeyObject,
  appId: number,
  nowSeconds: number,
): JwtCheck {
  const undecodable = { ok: false, message: "A JSON web token could not be decoded" } as const;
  const [headerPart, payloadPart, signaturePart, extra] = token.split(".");
  if (!headerPart || !payloadPart || !signaturePart || extra !== undefined) return undecodable;
  let header: unknown;
  let payload: unknown;
  try {
    header = decodePart(headerPart);
    payload = decodePart(payloadPart);
  } catch {
    return undecodable;
  }
  if (!isRecord(header) || !isRecord(payload) || header.alg !== "RS256") return undecodable;
  const signed = verify(
    "sha256",
    Buffer.from(`${headerPart}.${payloadPart}`),
    key,
    Buffer.from(signaturePart, "base64url"),
  );
  if (!signed) return undecodable;
  const { iat, exp, iss } = payload;
  if (String(iss) !== String(appId)) return { ok: false, message: "Integration not found" };
  if (typeof iat !== "number" || iat > nowSeconds + 60) {
    return {
      ok: false,
      message:
        "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued",
    };
  }
  if (typeof exp !== "number" || exp <= nowSeconds) {
    return {
      ok: false,
      message:
        "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
    };
  }
  if (exp - iat > 600 + 60)
    return { ok: false, message: "'Expiration time' claim ('exp') is too far in the future" };
  return { ok: true };
}

export interface InstallationToken {
  token: string;
  expiresAt: number;
  /** Repository ids the token is limited to; null = every repository of the installation. */
  repositoryIds: ReadonlySet<number> | null;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export class TokenStore {
  private readonly tokens = new Map<string, InstallationToken>();

  constructor(private readonly clock: () => number = Date.now) {}

  issue(repositoryIds: ReadonlySet<number> | null, lifetimeMs = 3_600_000): InstallationToken {
    let token = "ghs_";
    for (let i = 0; i < 36; i++) token += ALPHABET[randomInt(ALPHABET.length)] ?? "A";
    const record = { token, expiresAt: this.clock() + lifetimeMs, repositoryIds };
    this.tokens.set(token, record);
    return record;
  }

  /** The token's record while it is valid. */
  find(token: string): InstallationToken | undefined {
    const record = this.tokens.get(token);
    if (!record) return undefined;
    if (record.expiresAt <= this.clock()) {
      this.tokens.delete(token);
      return undefined;
    }
    return record;
  }

  /** Expires a token now (tests use it to exercise re-minting). */
  expire(token: string): void {
    this.tokens.delete(token);
  }
}

export type Credential =
  | { scheme: "jwt"; token: string }
  | { scheme: "token"; token: string }
  | { scheme: "basic"; user: string; password: string }
  | { scheme: "none" };

/** Reads an Authorization header: `token X`, `bearer X` (JWT or token) or HTTP Basic. */
export function readAuthorization(header: string | undefined): Credential {
  if (!header) return { scheme: "none" };
  const match = /^(\w+)\s+(.+)$/.exec(header.trim());
  if (!match?.[1] || !match[2]) return { scheme: "token", token: "" };
  const kind = match[1].toLowerCase();
  const value = match[2].trim();
  if (kind === "basic") {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    return colon < 0
      ? { scheme: "basic", user: decoded, password: "" }
      : { scheme: "basic", user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  // A bearer credential with two dots is a JWT; anything else is a token, as GitHub accepts both.
  if (value.split(".").length === 3) return { scheme: "jwt", token: value };
  return { scheme: "token", token: value };
}
