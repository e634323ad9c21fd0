import { createHmac, randomUUID } from "node:crypto";

/**
 * Webhook delivery as GitHub's Hookshot does it: one POST per event, signed with the webhook
 * secret, delivered in order, one at a time. The body is serialised when the event happens, so
 * later state changes never leak into an earlier delivery.
 */

export interface Delivery {
  id: string;
  event: string;
  action?: string;
  status: number | "error";
  /** The payload as delivered (for assertions). */
  payload: unknown;
}

interface Pending {
  id: string;
  event: string;
  action?: string;
  body: string;
  payload: unknown;
}

/**
 * A delivery that goes wrong on purpose: `lose` is never sent (and GitHub never redelivers on its
 * own), `duplicate` is sent twice with the same delivery id, as a redelivery is.
 */
export interface WebhookFault {
  event: string;
  /** Any action when absent. */
  action?: string;
  kind: "lose" | "duplicate";
  /** Default 1. */
  times?: number;
}

export interface WebhookQueueOptions {
  secret: string;
  appId: number;
  hookId: number;
  timeoutMs: number;
  url?: string;
}

export class WebhookQueue {
  readonly deliveries: Delivery[] = [];
  /** Events a `lose` fault swallowed. */
  readonly lost: { event: string; action?: string }[] = [];
  private readonly pending: Pending[] = [];
  private readonly faults: Required<WebhookFault>[] = [];
  private draining: Promise<void> | null = null;
  private readonly abort = new AbortController();
  url: string | undefined;

  constructor(private readonly options: WebhookQueueOptions) {
    this.url = options.url;
  }

  addFault(fault: WebhookFault): void {
    const times = fault.times ?? 1;
    if (times > 0) this.faults.push({ action: "", ...fault, times });
  }

  /** Consumes the first fault matching this event, if any. */
  private takeFault(event: string, action: string | undefined): "lose" | "duplicate" | null {
    const index = this.faults.findIndex(
      (f) => f.event === event && (f.action === "" || f.action === action),
    );
    const fault = this.faults[index];
    if (!fault) return null;
    fault.times -= 1;
    if (fault.times <= 0) this.faults.splice(index, 1);
    return fault.kind;
  }

  /** Queues an event; without a webhook URL there is nobody to tell, so it is dropped. */
  enqueue(event: string, payload: Record<string, unknown>): void {
    if (!this.url || this.abort.signal.aborted) return;
    const action = typeof payload.action === "string" ? payload.action : undefined;
    const fault = this.takeFault(event, action);
    if (fault === "lose") {
      this.lost.push({ event, ...(action === undefined ? {} : { action }) });
      return;
    }
    const pending: Pending = {
      id: randomUUID(),
      event,
      ...(action === undefined ? {} : { action }),
      body: JSON.stringify(payload),
      payload,
    };
    this.pending.push(pending);
    if (fault === "duplicate") this.pending.push(pending);
    this.kick();
  }

  private kick(): void {
    if (this.draining) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      // An event queued between the loop's end and this callback still needs delivering.
      if (this.pending.length > 0) this.kick();
    });
  }

  /** Resolves once the queue is empty, including deliveries queued while waiting. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  close(): void {
    this.pending.length = 0;
    this.abort.abort();
  }

  private async drain(): Promise<void> {
    for (let next = this.pending.shift(); next; next = this.pending.shift()) {
      const status = await this.deliver(next);
      this.deliveries.push({
        id: next.id,
        event: next.event,
        ...(next.action === undefined ? {} : { action: next.action }),
        status,
        payload: next.payload,
      });
    }
  }

  private async deliver(delivery: Pending): Promise<number | "error"> {
    const url = this.url;
    if (!url) return "error";
    const signature = (algorithm: "sha1" | "sha256"): string =>
      `${algorithm}=${createHmac(algorithm, this.options.secret).update(delivery.body).digest("hex")}`;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "GitHub-Hookshot/nightshift-simulator",
          "x-github-event": delivery.event,
          "x-github-delivery": delivery.id,
          "x-github-hook-id": String(this.options.hookId),
          "x-github-hook-installation-target-id": String(this.options.appId),
          "x-github-hook-installation-target-type": "integration",
          "x-hub-signature": signature("sha1"),
          "x-hub-signature-256": signature("sha256"),
        },
        body: delivery.body,
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.options.timeoutMs)]),
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return "error";
    }
  }
}
