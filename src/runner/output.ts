import { closeSync, openSync, writeSync } from "node:fs";

/** Keeps only the last `max` bytes of a stream in memory (plus at most one chunk). */
export class Tail {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly max: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    for (let first = this.chunks[0]; first && this.size - first.length >= this.max;) {
      this.chunks.shift();
      this.size -= first.length;
      first = this.chunks[0];
    }
  }

  toString(): string {
    const all = Buffer.concat(this.chunks);
    // Cutting may split a UTF-8 sequence: drop the replacement characters it leaves at the start.
    return all
      .subarray(Math.max(0, all.length - this.max))
      .toString("utf8")
      .replace(/^\uFFFD+/, "");
  }
}

/**
 * A log file that accepts at most `maxBytes` of output, then one marker line, then drops the rest.
 * Writes are synchronous: a chunk is on disk before the next is read, so memory stays flat no
 * matter how fast the child writes, and the cap bounds the time spent writing.
 */
export class CappedLog {
  private written = 0;
  private lastByte = 0x0a;
  private fd: number | null;
  truncated = false;

  constructor(
    file: string,
    private readonly maxBytes: number,
  ) {
    this.fd = openSync(file, "w", 0o600);
  }

  write(chunk: Buffer): void {
    if (this.fd === null || this.truncated) return;
    const room = this.maxBytes - this.written;
    const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
    if (part.length > 0) {
      writeSync(this.fd, part);
      this.written += part.length;
      this.lastByte = part[part.length - 1] ?? this.lastByte;
    }
    if (part.length < chunk.length) {
      this.truncated = true;
      const newline = this.lastByte === 0x0a ? "" : "\n";
      writeSync(
        this.fd,
        `${newline}[nightshift] output truncated at ${this.maxBytes} bytes; the rest was dropped\n`,
      );
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
