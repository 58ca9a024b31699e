// Consuming: each message is processed in a consumer span that follows from the producer's span,
// one at a time or in batches.
import type { Span, Tracer } from 'opentracing';
import { FORMAT_TEXT_MAP, Tags, childOf, followsFrom, globalTracer } from 'opentracing';
import type { InMemoryBroker, Message } from './broker';
import type { FrameworkOptions, Handler, MessageContext } from './types';

export class Consumer {
  private readonly tracer: Tracer;

  constructor(
    private readonly broker: InMemoryBroker,
    private readonly options: FrameworkOptions,
  ) {
    this.tracer = options.server ?? globalTracer();
  }

  /** Handles messages of a topic one by one until there are none left. */
  async drain(topic: string, handler: Handler): Promise<number> {
    let handled = 0;
    for (let [message] = this.broker.poll(topic); message; [message] = this.broker.poll(topic)) {
      const span = this.startSpan(message);
      try {
        await handler.handle(this.contextFor(message, span));
      } catch (err) {
        this.recordFailure(span, err);
      } finally {
        span.finish();
      }
      handled++;
    }
    return handled;
  }

  /** Handles up to `max` messages of a topic together, each in its own span under a batch span. */
  async consumeBatch(topic: string, handler: Handler, max: number): Promise<number> {
    const messages = this.broker.poll(topic, max);
    const batch = this.tracer.startSpan(`${topic} batch`, {
      tags: {
        [Tags.SPAN_KIND]: Tags.SPAN_KIND_MESSAGING_CONSUMER,
        [Tags.MESSAGE_BUS_DESTINATION]: topic,
        'messaging.batch.message_count': messages.length,
      },
    });
    const spans = messages.map((message) => this.startSpan(message, batch));
    await Promise.all(
      messages.map((message, index) =>
        handler
          .handle(this.contextFor(message, spans[index]))
          .catch((err: unknown) => this.recordFailure(spans[index], err)),
      ),
    );
    spans.forEach((s) => s.finish());
    batch.finish();
    return messages.length;
  }

  private startSpan(message: Message, batch?: Span): Span {
    const ctx = this.tracer.extract(FORMAT_TEXT_MAP, message.headers);
    const name = `${message.topic} process`;
    const tags = {
      [Tags.SPAN_KIND]: Tags.SPAN_KIND_MESSAGING_CONSUMER,
      [Tags.MESSAGE_BUS_DESTINATION]: message.topic,
      [Tags.SAMPLING_PRIORITY]: 1,
      'messaging.message.id': message.id,
      'service.name': this.options.service,
    };
    let span: Span;
    if (batch) {
      // In a batch, the batch is the parent; the producer is followed all the same.
      const references = ctx ? [childOf(batch), followsFrom(ctx)] : [childOf(batch)];
      span = this.tracer.startSpan(name, { references, tags });
    } else if (ctx) {
      span = this.tracer.startSpan(name, { references: [followsFrom(ctx)], tags });
    } else {
      span = this.tracer.startSpan(name, { tags });
    }
    const tenant = span.getBaggageItem('tenant');
    if (tenant) span.setTag('tenant.id', tenant);
    return span;
  }

  private contextFor(message: Message, span: Span): MessageContext {
    return { message, span, spanContext: span.context(), tracer: this.tracer };
  }

  private recordFailure(span: Span, err: unknown): void {
    span.setTag(Tags.ERROR, true);
    span.log({ event: 'error', 'error.object': err, message: String(err) });
  }
}
