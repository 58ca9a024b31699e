// Application handlers, written against the framework's entry point only.
import type { Handler, MessageContext, Producer, Span } from './index';
import { Tags } from './index';

/** Reserves stock for an order, then asks for an invoice. */
export class OrderHandler implements Handler {
  constructor(private readonly producer: Producer) {}

  async handle(ctx: MessageContext): Promise<void> {
    const order = ctx.message.body;
    const span: Span = ctx.tracer.startSpan('reserve stock', {
      childOf: ctx.spanContext,
      tags: { [Tags.COMPONENT]: 'orders', 'order.id': String(order.id) },
    });
    try {
      if (order.poison) throw new Error(`order ${String(order.id)} cannot be parsed`);
      span.setBaggageItem('order.id', String(order.id));
      await new Promise((resolve) => setTimeout(resolve, 1));
      this.producer.send('invoices', { order: order.id }, span);
    } finally {
      span.finish();
    }
  }
}

/** Renders an invoice; it knows the tenant and the order from the baggage. */
export class InvoiceHandler implements Handler {
  async handle(ctx: MessageContext): Promise<void> {
    const orderId = ctx.span.getBaggageItem('order.id');
    ctx.span.setTag('invoice.order', orderId ?? 'unknown');
    ctx.span.log({ event: 'rendered', pages: 1 });
    await Promise.resolve();
  }
}
