import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files that take longest start first, whatever vitest's cache of durations says (a fresh
 * checkout has none): the real-clock night (test/e2e/operator-night, minutes of waiting on the
 * clock) and the crash suite. Everything else overlaps them, in vitest's usual order.
 */
const FIRST = ["test/e2e/operator-night.test.ts", "test/crash/crash-recovery.test.ts"];

const rank = (spec: TestSpecification): number => {
  const index = FIRST.findIndex((file) => spec.moduleId.endsWith(file));
  return index === -1 ? FIRST.length : index;
};

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return sorted
      .map((spec, order) => ({ spec, order }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.order - b.order)
      .map(({ spec }) => spec);
  }
}
