/** What a bounded download gave: the bytes, or that they would pass the limit. */
export type BoundedDownload = { kind: "ok"; data: Buffer } | { kind: "too-large" };

/**
 * GETs a pre-signed URL (an artifact's blob), without credentials, reading at most `maxBytes`:
 * a declared length over the limit stops before the body, a longer body stops as it passes it.
 */
export async function boundedDownload(url: string, maxBytes: number): Promise<BoundedDownload> {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`artifact download answered ${response.status}`);
  }
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    controller.abort();
    return { kind: "too-large" };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  // Typed here: the fetch types leave the chunks as `any`.
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = response.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    size += read.value.byteLength;
    if (size > maxBytes) {
      controller.abort();
      return { kind: "too-large" };
    }
    chunks.push(Buffer.from(read.value));
  }
  return { kind: "ok", data: Buffer.concat(chunks) };
}
