import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const CHILD = fileURLToPath(new URL("./figure-child.ts", import.meta.url));

/** One figure's result, measured in a fresh process (see figure-child.ts). */
export async function isolated<T>(figure: string, ...args: unknown[]): Promise<T> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", CHILD, figure, JSON.stringify(args)],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const last = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(last) as T;
}
