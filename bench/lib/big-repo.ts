import { spawn } from "node:child_process";

/**
 * A repository of `files` files and `commits` commits, written with `git fast-import` (seconds,
 * not minutes): the first commit adds every file, each later one edits a few.
 */
export async function makeBigRepo(dir: string, files: number, commits: number): Promise<void> {
  await run("git", ["init", "-q", "-b", "main", dir]);
  const chunks: string[] = [];
  const content = (i: number, rev: number) =>
    `// file ${i}, revision ${rev}\nexport const v${i} = ${rev};\n`;
  for (let commit = 0; commit < commits; commit++) {
    const when = 1_700_000_000 + commit * 60;
    const message = `commit ${commit}`;
    chunks.push(`commit refs/heads/main\ncommitter Bench <bench@example.com> ${when} +0000\n`);
    chunks.push(`data ${Buffer.byteLength(message)}\n${message}\n`);
    const touched =
      commit === 0
        ? Array.from({ length: files }, (_, i) => i)
        : [commit % files, (commit * 7) % files];
    for (const i of touched) {
      const body = content(i, commit);
      chunks.push(
        `M 100644 inline src/dir${i % 50}/file${i}.js\ndata ${Buffer.byteLength(body)}\n${body}\n`,
      );
    }
  }
  await run("git", ["-C", dir, "fast-import", "--quiet"], chunks.join(""));
  await run("git", ["-C", dir, "checkout", "-q", "main"]);
}

export function run(
  cmd: string,
  args: string[],
  stdin?: string,
  env?: NodeJS.ProcessEnv,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["pipe", "ignore", "pipe"], env: env ?? process.env });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(" ")} failed (${String(code)}): ${stderr}`));
    });
    child.stdin.end(stdin);
  });
}
