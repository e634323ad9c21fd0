import type { LabelNames } from "../config/repo-schema.js";
import { PRIORITIES, type Priority, type Size } from "../types.js";

const SIZES: readonly Size[] = ["S", "M", "L", "XL"];

/** What an issue's labels say about it as a task. */
export interface TaskLabels {
  priority?: Priority;
  category?: string;
  size?: Size;
  cost?: number;
  /** Unknown or conflicting values, each phrased for the author. */
  problems: string[];
}

type Names = Pick<LabelNames, "priority" | "category" | "size" | "cost">;

const valuesWithPrefix = (labels: readonly string[], prefix: string): string[] =>
  labels
    .filter((label) => label.toLowerCase().startsWith(prefix.toLowerCase()))
    .map((label) => label.slice(prefix.length).trim());

function single<T>(
  values: string[],
  family: string,
  accept: (value: string) => T | undefined,
  problems: string[],
): T | undefined {
  if (values.length > 1) {
    problems.push(`more than one ${family} label (${values.join(", ")})`);
    return undefined;
  }
  const [value] = values;
  if (value === undefined) return undefined;
  const accepted = accept(value);
  if (accepted === undefined) problems.push(`unknown ${family} "${value}"`);
  return accepted;
}

/** Reads the priority, category, size and cost families from an issue's labels. */
export function parseTaskLabels(labels: readonly string[], names: Names): TaskLabels {
  const problems: string[] = [];
  const priority = single(
    valuesWithPrefix(labels, names.priority),
    "priority",
    (v) => PRIORITIES.find((p) => p === v.toLowerCase()),
    problems,
  );
  const category = single(
    valuesWithPrefix(labels, names.category),
    "category",
    (v) => (/^[a-z][a-z0-9-]*$/i.test(v) ? v.toLowerCase() : undefined),
    problems,
  );
  const size = single(
    valuesWithPrefix(labels, names.size),
    "size",
    (v) => SIZES.find((s) => s === v.toUpperCase()),
    problems,
  );
  const cost = single(
    valuesWithPrefix(labels, names.cost),
    "cost",
    (v) => (/^\d{1,6}$/.test(v) && Number(v) > 0 ? Number(v) : undefined),
    problems,
  );
  return { priority, category, size, cost, problems };
}
