import { once } from "node:events";
import { connect, type Socket } from "node:net";

/** A raw connection to 127.0.0.1:port: what the server sent, and whether it closed. */
export interface RawConnection {
  socket: Socket;
  received(): string;
  closed: Promise<void>;
  /** Resolves once the server's bytes contain `text`. */
  waitFor(text: string): Promise<void>;
}

export async function rawConnection(port: number): Promise<RawConnection> {
  const socket = connect(port, "127.0.0.1");
  let received = "";
  const waiters: (() => void)[] = [];
  socket.on("data", (data: Buffer) => {
    received += data.toString("latin1");
    for (const wake of waiters.splice(0)) wake();
  });
  // Writing to a connection the server cut fails (EPIPE, ECONNRESET): that is what is tested.
  socket.on("error", () => undefined);
  const closed = new Promise<void>((resolve) => {
    socket.once("close", () => {
      resolve();
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await once(socket, "connect");
  const waitFor = async (text: string): Promise<void> => {
    while (!received.includes(text)) {
      if (socket.destroyed) throw new Error(`connection closed before "${text}": ${received}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { socket, received: () => received, closed, waitFor };
}

/**
 * Sends `head`, then up to `total` body bytes in 64 KB pieces (as chunked frames when
 * `chunked`), stopping early when the server closes the connection. `sent`: the body bytes the
 * client got to hand over before that.
 */
export async function sendBody(
  port: number,
  head: string,
  { total, chunked }: { total: number; chunked: boolean },
): Promise<{ response: string; sent: number }> {
  const connection = await rawConnection(port);
  const { socket } = connection;
  const open = () => !socket.destroyed && !socket.closed;
  socket.write(head);
  const piece = Buffer.alloc(64 * 1024, " ");
  const frame = chunked
    ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")])
    : piece;
  let sent = 0;
  while (open() && sent < total) {
    sent += piece.length;
    if (!socket.write(frame)) {
      await new Promise<void>((resolve) => {
        socket.once("drain", resolve);
        void connection.closed.then(resolve);
      });
    }
  }
  if (open()) socket.end(chunked ? "0\r\n\r\n" : "");
  await connection.closed;
  return { response: connection.received(), sent };
}
