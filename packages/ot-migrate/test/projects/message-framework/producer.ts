// Publishing: each message is sent in a producer span, injected into the message headers.
import type { Span, SpanContext, Tracer } from 'opentracing';
import { FORMAT_TEXT_MAP, Tags, globalTracer } from 'opentracing';
import type { InMemoryBroker, Message } from './broker';
import type { FrameworkOptions } from './types';

export class Producer {
  private readonly tracer: Tracer;

  constructor(
    private readonly broker: InMemoryBroker,
    private readonly options: FrameworkOptions,
  ) {
    this.tracer = options.server ?? globalTracer();
  }

  send(topic: string, body: Record<string, unknown>, parent?: Span | SpanContext): Message {
    const span = this.tracer.startSpan(`${topic} send`, {
      childOf: parent,
      tags: {
        [Tags.SPAN_KIND]: Tags.SPAN_KIND_MESSAGING_PRODUCER,
        [Tags.MESSAGE_BUS_DESTINATION]: topic,
        [Tags.SAMPLING_PRIORITY]: 1,
        'service.name': this.options.service,
      },
    });
    const headers: Record<string, string> = {};
    this.tracer.inject(span.context(), FORMAT_TEXT_MAP, headers);
    const message = this.broker.publish(topic, body, headers);
    span.setTag('messaging.message.id', message.id);
    span.finish();
    return message;
  }
}
