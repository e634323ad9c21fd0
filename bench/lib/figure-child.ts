/**
 * Runs one benchmark figure in a fresh process and prints its result as one JSON line, so no
 * figure measures another's leftover heap: spawning a child (git, an agent) from a process costs
 * more the more memory it maps, and a webhook burst leaves hundreds of MB behind.
 */
import { benchActions, benchPacedBurst } from "../actions.js";
import { benchMemory } from "../memory.js";
import { benchPlanning } from "../planning.js";
import { benchProgress } from "../progress.js";
import { benchSandbox } from "../sandbox.js";
import { benchWebhooks } from "../webhooks.js";
import { benchWorkspace } from "../workspace.js";
import { benchWrites } from "../writes.js";

const figures = {
  planning: (sizes: number[]) => benchPlanning(sizes),
  webhooks: (total: number, rounds: number) => benchWebhooks(total, rounds),
  workspace: (files: number, commits: number) => benchWorkspace(files, commits),
  memory: (sizes: number[]) => benchMemory(sizes),
  writes: () => benchWrites(),
  sandbox: (pairs: number) => benchSandbox(pairs),
  progress: (perRepo: number) => benchProgress(perRepo),
  actions: (repositories: number, perRepo: number) => benchActions(repositories, perRepo),
  paced: (repositories: number, perRepo: number) => benchPacedBurst(repositories, perRepo),
};

const [name, args = "[]"] = process.argv.slice(2);
const figure = figures[name as keyof typeof figures] as
  ((...args: unknown[]) => Promise<unknown>) | undefined;
if (!figure) throw new Error(`unknown figure ${String(name)}`);
const result = await figure(...(JSON.parse(args) as unknown[]));
process.stdout.write(`${JSON.stringify(result)}\n`);
