import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { round } from "./lib/stats.js";

const CHILD = fileURLToPath(new URL("./lib/night-child.ts", import.meta.url));

export interface MemoryFigure {
  outputMbPerAgent: number;
  peakRssMb: number;
  /** peak RSS ÷ the peak with the smallest output: flat means close to 1. */
  ratio: number;
  shipped: number;
}

async function nightPeak(outputMb: number): Promise<{ maxRssKb: number; shipped: number }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", CHILD, String(outputMb)],
    {
      maxBuffer: 1024 * 1024,
    },
  );
  const last = stdout.trim().split("\n").at(-1) ?? "{}";
  return JSON.parse(last) as { maxRssKb: number; shipped: number };
}

/** Figure 4: the bot's peak RSS through a night of 3 concurrent agents streaming output. */
export async function benchMemory(sizesMb: readonly number[]): Promise<MemoryFigure[]> {
  const figures: MemoryFigure[] = [];
  let baseline: number | undefined;
  for (const outputMb of sizesMb) {
    const { maxRssKb, shipped } = await nightPeak(outputMb);
    baseline ??= maxRssKb;
    figures.push({
      outputMbPerAgent: outputMb,
      peakRssMb: round(maxRssKb / 1024, 1),
      ratio: round(maxRssKb / baseline),
      shipped,
    });
  }
  return figures;
}
