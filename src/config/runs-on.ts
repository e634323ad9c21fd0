import { z } from "zod";

/**
 * `runs-on` as JSON: a label, labels, or a runner group with labels. A file of its own, with no
 * config import, so the host schema can take the backends' fragment without an import cycle.
 */
export const RunsOnSchema = z.union([
  z.string().min(1),
  z.array(z.string().min(1)).nonempty(),
  z
    .object({ group: z.string().min(1).optional(), labels: z.array(z.string().min(1)).optional() })
    .strict(),
]);
export type RunsOn = z.infer<typeof RunsOnSchema>;
