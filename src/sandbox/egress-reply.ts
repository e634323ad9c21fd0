import { STATUS_CODES, type ServerResponse } from "node:http";

export type RefusalStatus = 400 | 403 | 404 | 431 | 502;

function body(message: string): string {
  return `nightshift egress proxy: ${message}\n`;
}

/** A complete refusal written straight to a socket (CONNECT, or a request the parser rejected). */
export function rawRefusal(status: RefusalStatus, message: string): string {
  const text = body(message);
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\n` +
    `content-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\n` +
    `connection: close\r\n\r\n${text}`
  );
}

export function refuse(res: ServerResponse, status: RefusalStatus, message: string): void {
  const text = body(message);
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    connection: "close",
  });
  res.end(text);
}
