import type { Clock } from "../types.js";
import type { Journal } from "./journal.js";

/**
 * Webhook delivery dedupe backed by the journal, with the same `firstTime(id)` shape as the
 * in-memory `DeliveryDedupe`, so a delivery redelivered after a restart still acts once.
 */
export class JournalDedupe {
  constructor(
    private readonly journal: Journal,
    private readonly clock: Clock,
  ) {}

  firstTime(id: string): boolean {
    return this.journal.firstDelivery(id, this.clock.now());
  }
}
