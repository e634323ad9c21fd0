import { z } from "zod";

/** The final object `claude -p --output-format json` prints; unknown fields are ignored. */
const ClaudeResultSchema = z.object({
  type: z.literal("result"),
  subtype: z.string().optional(),
  is_error: z.boolean().optional(),
  result: z.string().optional(),
  num_turns: z.number().optional(),
  total_cost_usd: z.number().optional(),
  usage: z
    .object({
      input_tokens: z.number(),
      cache_creation_input_tokens: z.number(),
      cache_read_input_tokens: z.number(),
      output_tokens: z.number(),
    })
    .partial()
    .optional(),
});

export interface ClaudeResult {
  isError: boolean;
  subtype?: string;
  result?: string;
  cost: { turns?: number; usd?: number; inputTokens?: number; outputTokens?: number };
}

function tryParse(text: string): ClaudeResult | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = ClaudeResultSchema.safeParse(json);
  if (!parsed.success) return null;
  const { usage } = parsed.data;
  // Input tokens include cache writes and reads: all of it is input the model processed.
  const input = usage
    ? (usage.input_tokens ?? 0) +
      (usage.cache_creation_input_tokens ?? 0) +
      (usage.cache_read_input_tokens ?? 0)
    : undefined;
  return {
    isError:
      parsed.data.is_error ??
      (parsed.data.subtype !== undefined && parsed.data.subtype !== "success"),
    subtype: parsed.data.subtype,
    result: parsed.data.result,
    cost: {
      turns: parsed.data.num_turns,
      usd: parsed.data.total_cost_usd,
      inputTokens: input,
      outputTokens: usage?.output_tokens,
    },
  };
}

/**
 * Finds the result object in Claude Code's output. stderr is interleaved with stdout in the tail,
 * so try the whole text, then each line that looks like a JSON object, newest first.
 */
export function parseClaudeResult(tail: string): ClaudeResult | null {
  const whole = tryParse(tail.trim());
  if (whole) return whole;
  const lines = tail.split("\n").reverse();
  for (const line of lines) {
    const trimmed = line.trim();
    if (!trimmed.startsWith("{")) continue;
    const found = tryParse(trimmed);
    if (found) return found;
  }
  return null;
}
