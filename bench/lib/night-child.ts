/**
 * One night in a child process, for a clean peak-RSS reading: three bug issues whose agents
 * each stream `outputMb` MB to stdout, then edit a file. Prints `{ maxRssKb, shipped }`.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { runDemo } from "../../src/demo/run-demo.js";

const outputMb = Number(process.argv[2] ?? "10");
const agentScript = `
const chunk = Buffer.alloc(64 * 1024, "x\\n");
let left = ${outputMb} * 1024 * 1024;
function write() {
  while (left > 0) {
    left -= chunk.length;
    if (!process.stdout.write(chunk)) return process.stdout.once("drain", write);
  }
  require("fs").writeFileSync("CHANGED.md", "agent output\\n");
  console.log("done");
}
write();`;

const dir = await mkdtemp(join(tmpdir(), "nightshift-bench-night-"));
try {
  const scenarioPath = join(dir, "night.yml");
  await writeFile(
    scenarioPath,
    stringify({
      users: [{ login: "maya" }],
      repositories: [
        {
          owner: "acme",
          name: "flood",
          collaborators: { maya: "admin" },
          issues: [1, 2, 3].map((n) => ({
            title: `Flooding task ${n}`,
            author: "maya",
            labels: ["priority: high", "category: bug"],
          })),
        },
      ],
      host: {
        defaultAgent: "flood",
        agents: { flood: { kind: "command", command: ["node", "-e", agentScript] } },
        maxConcurrent: 3,
        maxLogBytes: 1024 * 1024,
      },
    }),
  );
  const result = await runDemo({ scenarioPath });
  const shipped = result.session.repos
    .flatMap((r) => r.runs)
    .filter((r) => r.status === "shipped").length;
  process.stdout.write(
    JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, shipped }) + "\n",
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
