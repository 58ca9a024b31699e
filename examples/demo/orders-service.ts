// The orders service: new code, written against @opentelemetry/api only.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SpanKind, SpanStatusCode, context, propagation } from '@opentelemetry/api';
import { propagationOff, providerFor } from './telemetry';

const tracer = providerFor('orders').getTracer('orders-service');
const PRICES: Record<string, number> = { 'order-1': 42, 'order-2': 17 };

/** GET /orders/:id — looks the order up; an unknown id answers 404. */
export async function ordersHandler(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const parent = propagationOff('orders')
    ? context.active()
    : propagation.extract(context.active(), req.headers);
  await tracer.startActiveSpan(
    'GET /orders/:id',
    { kind: SpanKind.SERVER },
    parent,
    async (span) => {
      const id = (req.url ?? '').split('/').pop() ?? '';
      span.setAttribute('order.id', id);
      const price = await tracer.startActiveSpan('load order', async (load) => {
        await new Promise((resolve) => setTimeout(resolve, 8));
        load.end();
        return PRICES[id];
      });
      if (price === undefined) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: `no order ${id}` });
        res.statusCode = 404;
      }
      span.setAttribute('http.response.status_code', res.statusCode);
      res.end(JSON.stringify({ id, price }));
      span.end();
    },
  );
}
