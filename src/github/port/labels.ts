import type { RepoRef } from "../../types.js";

/** Labels: on an issue, and the repository's own. */
export interface LabelsPort {
  addLabels(ref: RepoRef, issue: number, labels: string[]): Promise<void>;
  /** Removes a label; a label that is not on the issue is not an error. */
  removeLabel(ref: RepoRef, issue: number, label: string): Promise<void>;
  /**
   * Takes `remove` off the issue and puts `add` on in one write (the issue's labels are read,
   * then set whole), keeping every other label; no write when nothing would change.
   */
  replaceLabels(
    ref: RepoRef,
    issue: number,
    change: { add: readonly string[]; remove: readonly string[] },
  ): Promise<void>;
  /** Every label of the repository (names as GitHub spells them). */
  listLabels(ref: RepoRef): Promise<string[]>;
  createLabel(ref: RepoRef, label: LabelSpec): Promise<void>;
}

export interface LabelSpec {
  name: string;
  color: string;
  description: string;
}
