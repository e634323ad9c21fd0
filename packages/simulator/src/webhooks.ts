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

export interface WebhookQueueOptions {
  secret: string;
  appId: number;
  hookId: number;
  timeoutMs: number;
  url?: string;
}

export class WebhookQueue {
  readonly deliveries: Delivery[] = [];
  private readonly pending: Pending[] = [];
  private draining: Promise<void> | null = null;
  private readonly abort = new AbortController();
  url: string | undefined;

  constructor(private readonly options: WebhookQueueOptions) {
    this.url = options.url;
  }

  /** Queues an event; without a webhook URL there is nobody to tell, so it is dropped. */
  enqueue(event: string, payload: Record<string, unknown>): void {
    if (!this.url || this.abort.signal.aborted) return;
    const action = typeof payload.action === "string" ? payload.action : undefined;
    this.pending.push({
      id: randomUUID(),
      event,
      ...(action === undefined ? {} : { action }),
      body: JSON.stringify(payload),
      payload,
    });
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
