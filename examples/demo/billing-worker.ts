// The billing worker: legacy OpenTracing code fed by the queue. It follows from the producer's
// span (FollowsFrom), and its card charge fails, so the trace shows an error.
import type { Tracer } from 'opentracing';
import * as opentracing from 'opentracing';
import type { Queue, QueueMessage } from './queue';

class CardDeclinedError extends Error {
  override name = 'CardDeclinedError';
}

/** Starts consuming billing messages with the given (OpenTracing) tracer. */
export function startBillingWorker(queue: Queue, tracer: Tracer): void {
  queue.consume(async (message: QueueMessage) => {
    const producer = tracer.extract(opentracing.FORMAT_TEXT_MAP, message.properties.headers);
    const span = tracer.startSpan('charge card', {
      references: producer ? [opentracing.followsFrom(producer)] : [],
      tags: { [opentracing.Tags.SPAN_KIND]: opentracing.Tags.SPAN_KIND_MESSAGING_CONSUMER },
    });
    try {
      const order = JSON.parse(message.content.toString()) as { id: string; price?: number };
      span.setTag('order.id', order.id);
      await new Promise((resolve) => setTimeout(resolve, 12));
      throw new CardDeclinedError(`card declined for ${order.price ?? 0} EUR`);
    } catch (error) {
      span.setTag(opentracing.Tags.ERROR, true);
      span.log({ event: 'error', 'error.object': error });
    } finally {
      span.finish();
    }
  });
}
