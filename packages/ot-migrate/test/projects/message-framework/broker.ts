// A stand-in for a message broker: topics of queued messages with string headers. Nothing here
// knows about tracing.

export interface Message {
  readonly id: string;
  readonly topic: string;
  readonly headers: Record<string, string>;
  readonly body: Record<string, unknown>;
}

export class InMemoryBroker {
  private readonly topics = new Map<string, Message[]>();
  private sequence = 0;

  publish(topic: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
    const message: Message = { id: `m-${++this.sequence}`, topic, headers: { ...headers }, body };
    const queue = this.topics.get(topic) ?? [];
    queue.push(message);
    this.topics.set(topic, queue);
    return message;
  }

  /** Takes up to `max` messages off a topic, oldest first. */
  poll(topic: string, max = 1): Message[] {
    return (this.topics.get(topic) ?? []).splice(0, max);
  }
}
