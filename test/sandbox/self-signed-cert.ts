/**
 * A self-signed certificate for a test TLS server, made at test time from Node built-ins: a P-256
 * key, and a minimal X.509 v3 certificate (DER written by hand) whose only extension is the
 * subjectAltName that TLS verification checks.
 */
import { generateKeyPairSync, randomBytes, sign } from "node:crypto";

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const sequence = (...parts: Buffer[]) => tlv(0x30, ...parts);

function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split(".").map(Number);
  const bytes = [40 * first + second];
  for (const arc of rest) {
    const groups = [arc & 0x7f];
    for (let high = arc >> 7; high > 0; high >>= 7) groups.unshift((high & 0x7f) | 0x80);
    bytes.push(...groups);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
  const text = date.toISOString().replace(/[-:T]/g, "").slice(2, 14) + "Z";
  return tlv(0x17, Buffer.from(text));
}

const name = (commonName: string) =>
  sequence(tlv(0x31, sequence(oid("2.5.4.3"), tlv(0x0c, Buffer.from(commonName)))));

export interface TestCertificate {
  key: string;
  cert: string;
}

/** Valid from a day ago to a day ahead, for `hostname`. */
export function selfSignedCertificate(hostname: string): TestCertificate {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const ecdsaWithSha256 = sequence(oid("1.2.840.10045.4.3.2"));
  const day = 24 * 60 * 60 * 1000;
  const now = Date.now();
  const subjectAltName = sequence(
    oid("2.5.29.17"),
    tlv(0x04, sequence(tlv(0x82, Buffer.from(hostname)))),
  );
  const tbs = sequence(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))), // v3
    tlv(0x02, Buffer.concat([Buffer.from([1]), randomBytes(8)])), // positive serial
    ecdsaWithSha256,
    name(hostname),
    sequence(utcTime(new Date(now - day)), utcTime(new Date(now + day))),
    name(hostname),
    publicKey.export({ type: "spki", format: "der" }),
    tlv(0xa3, sequence(subjectAltName)),
  );
  const signature = sign("sha256", tbs, privateKey); // DER ECDSA, as X.509 wants it
  const der = sequence(tbs, ecdsaWithSha256, tlv(0x03, Buffer.from([0]), signature));
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return {
    key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    cert: `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`,
  };
}
