import { HttpError } from "../errors.js";
import type { WorkflowFile } from "./workflow-file.js";

/** GitHub's limit on a dispatch's inputs, counted over their JSON. */
export const MAX_INPUTS_CHARS = 65_535;

/**
 * The inputs a run gets, checked as GitHub checks a dispatch: no input the workflow does not
 * declare, every required one given, the whole under 65,535 characters; defaults filled in.
 */
export function resolveInputs(
  workflow: WorkflowFile,
  given: Record<string, unknown>,
): Record<string, string> {
  const unexpected = Object.keys(given).filter((name) => !workflow.inputs.has(name));
  if (unexpected.length > 0) {
    throw new HttpError(422, `Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
  }
  if (JSON.stringify(given).length > MAX_INPUTS_CHARS) {
    throw new HttpError(422, `inputs are too large (over ${MAX_INPUTS_CHARS} characters)`);
  }
  const resolved: Record<string, string> = {};
  for (const [name, spec] of workflow.inputs) {
    const value = given[name];
    if (value === undefined || value === null) {
      if (spec.required && spec.default === undefined) {
        throw new HttpError(422, `Required input '${name}' not provided`);
      }
      if (spec.default !== undefined) resolved[name] = spec.default;
      continue;
    }
    resolved[name] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return resolved;
}
