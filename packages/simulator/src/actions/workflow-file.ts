import { parse } from "yaml";

/**
 * The parts of a workflow file the simulator acts on: its name, `run-name`, whether it has a
 * `workflow_dispatch` trigger and with which inputs, and its first job's name and `runs-on`.
 * Expressions are evaluated only in the forms a dispatched workflow uses for these keys:
 * `${{ inputs.x }}`, `${{ github.event.inputs.x }}` and `${{ fromJSON(inputs.x) }}`.
 */

export interface WorkflowInput {
  required: boolean;
  default?: string;
}

export interface WorkflowFile {
  name: string | null;
  runName: string | null;
  dispatchable: boolean;
  inputs: Map<string, WorkflowInput>;
  jobName: string;
  runsOn: unknown;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function dispatchTrigger(on: unknown): Json | null | undefined {
  if (on === "workflow_dispatch") return null;
  if (Array.isArray(on)) return on.includes("workflow_dispatch") ? null : undefined;
  if (!isObject(on) || !("workflow_dispatch" in on)) return undefined;
  const trigger = on.workflow_dispatch;
  return isObject(trigger) ? trigger : null;
}

/** A YAML scalar as the string GitHub passes on; undefined for anything else. */
function scalarText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

function inputsOf(trigger: Json | null): Map<string, WorkflowInput> {
  const inputs = new Map<string, WorkflowInput>();
  const declared = trigger?.inputs;
  if (!isObject(declared)) return inputs;
  for (const [name, spec] of Object.entries(declared)) {
    const fields = isObject(spec) ? spec : {};
    const fallback = scalarText(fields.default);
    inputs.set(name, {
      required: fields.required === true,
      ...(fallback === undefined ? {} : { default: fallback }),
    });
  }
  return inputs;
}

/** The workflow, or null when the file is not a YAML mapping. */
export function parseWorkflow(text: string): WorkflowFile | null {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return null;
  }
  if (!isObject(doc)) return null;
  const trigger = dispatchTrigger(doc.on);
  const jobs = isObject(doc.jobs) ? Object.entries(doc.jobs) : [];
  const [jobKey = "job", jobSpec] = jobs[0] ?? [];
  const job = isObject(jobSpec) ? jobSpec : {};
  return {
    name: typeof doc.name === "string" ? doc.name : null,
    runName: typeof doc["run-name"] === "string" ? doc["run-name"] : null,
    dispatchable: trigger !== undefined,
    inputs: inputsOf(trigger ?? null),
    jobName: typeof job.name === "string" ? job.name : jobKey,
    runsOn: job["runs-on"],
  };
}

const INPUT_EXPRESSION = /\$\{\{\s*(?:github\.event\.)?inputs\.([A-Za-z_][\w-]*)\s*\}\}/g;
const FROM_JSON = /^\$\{\{\s*fromJSON\(\s*inputs\.([A-Za-z_][\w-]*)\s*\)\s*\}\}$/;

/** `run-name` with its input expressions replaced. */
export function expandInputs(template: string, inputs: Record<string, string>): string {
  return template.replace(INPUT_EXPRESSION, (_match, name: string) => inputs[name] ?? "");
}

function labelsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((item) => typeof item === "string");
  if (isObject(value)) {
    const group = typeof value.group === "string" ? [value.group] : [];
    return [...group, ...labelsOf(value.labels)];
  }
  return [];
}

/** The runner labels `runs-on` asks for, `fromJSON(inputs.x)` included. */
export function runnerLabels(runsOn: unknown, inputs: Record<string, string>): string[] {
  const name = typeof runsOn === "string" ? FROM_JSON.exec(runsOn)?.[1] : undefined;
  if (name === undefined) return labelsOf(runsOn);
  try {
    return labelsOf(JSON.parse(inputs[name] ?? "null"));
  } catch {
    return [];
  }
}
