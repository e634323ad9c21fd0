import { createHash, type Hash } from "node:crypto";

/** The hash a repository names its objects with; a commit sha's length tells which. */
export type ObjectFormat = "sha1" | "sha256";

export function objectFormatOf(sha: string): ObjectFormat {
  if (/^[0-9a-f]{40}$/.test(sha)) return "sha1";
  if (/^[0-9a-f]{64}$/.test(sha)) return "sha256";
  throw new Error(`not a commit sha: ${JSON.stringify(sha)}`);
}

/** A hash already fed git's blob header; feed it exactly `size` bytes of content next. */
export function blobHasher(size: number, format: ObjectFormat): Hash {
  return createHash(format).update(`blob ${size}\0`);
}

/** The id git gives `content` as a blob, computed here so no git filter or attribute applies. */
export function blobId(content: Uint8Array, format: ObjectFormat): string {
  return blobHasher(content.byteLength, format).update(content).digest("hex");
}
