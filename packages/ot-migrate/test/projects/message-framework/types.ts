// The framework's contracts. Types only: nothing here exists at run time.
import type { Span, SpanContext, Tracer } from 'opentracing';
import type { Message } from '@app/broker';

export interface FrameworkOptions {
  /** The service name, tagged on every span. */
  readonly service: string;
  /** The tracer; default: the global tracer. */
  server?: Tracer;
}

/** What a handler receives with each message. */
export interface MessageContext {
  readonly message: Message;
  /** The span the message is processed in. */
  readonly span: Span;
  /** That span's context, for handlers that start spans of their own. */
  readonly spanContext: SpanContext;
  readonly tracer: Tracer;
}

export interface Handler {
  handle(context: MessageContext): Promise<void>;
}
