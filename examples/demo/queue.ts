// An in-process message queue standing in for a broker (the real-broker path is covered by the
// AMQP integration test): messages carry headers, as AMQP messages do, and arrive asynchronously.
import { EventEmitter } from 'node:events';

/** A message with headers, like an amqplib message. */
export interface QueueMessage {
  content: Buffer;
  properties: { headers: Record<string, unknown> };
}

/** A named queue with one consumer. */
export class Queue extends EventEmitter {
  private pending = 0;

  constructor(readonly name: string) {
    super();
  }

  /** Delivers on a later turn of the event loop, as a broker would. */
  publish(content: Buffer, headers: Record<string, unknown>): void {
    this.pending++;
    setTimeout(() => {
      this.emit('message', { content, properties: { headers } } satisfies QueueMessage);
    }, 5);
  }

  /** Registers the consumer; `done()` tells the queue a message was handled. */
  consume(handler: (message: QueueMessage) => Promise<void>): void {
    this.on('message', (message: QueueMessage) => {
      void handler(message).finally(() => {
        this.pending--;
        if (this.pending === 0) this.emit('drained');
      });
    });
  }

  /** Resolves once every published message has been handled. */
  drained(): Promise<void> {
    return this.pending === 0
      ? Promise.resolve()
      : new Promise((resolve) => this.once('drained', resolve));
  }
}
