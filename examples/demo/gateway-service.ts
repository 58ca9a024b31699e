// The gateway: legacy code on OpenTracing, untouched — the bridge is its global tracer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { request } from 'node:http';
import * as opentracing from 'opentracing';
import type { Queue } from './queue';

const { Tags, FORMAT_HTTP_HEADERS, FORMAT_TEXT_MAP } = opentracing;

function get(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

/** GET /checkout/:id — asks orders for the order, queues the billing, answers 202. */
export function gatewayHandler(ordersUrl: string, billing: Queue) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const tracer = opentracing.globalTracer();
    const span = tracer.startSpan('GET /checkout/:id', {
      childOf: tracer.extract(FORMAT_HTTP_HEADERS, req.headers) ?? undefined,
      tags: { [Tags.SPAN_KIND]: Tags.SPAN_KIND_RPC_SERVER, [Tags.HTTP_METHOD]: 'GET' },
    });
    const id = (req.url ?? '').split('/').pop() ?? '';

    const call = tracer.startSpan('orders: GET', {
      childOf: span,
      tags: { [Tags.SPAN_KIND]: 'client' },
    });
    const headers: Record<string, string> = {};
    tracer.inject(call, FORMAT_HTTP_HEADERS, headers);
    const reply = await get(`${ordersUrl}/orders/${id}`, headers);
    call.setTag(Tags.HTTP_STATUS_CODE, reply.status);
    call.finish();

    const publish = tracer.startSpan('billing: publish', {
      childOf: span,
      tags: {
        [Tags.SPAN_KIND]: Tags.SPAN_KIND_MESSAGING_PRODUCER,
        [Tags.MESSAGE_BUS_DESTINATION]: billing.name,
      },
    });
    const messageHeaders: Record<string, unknown> = {};
    tracer.inject(publish, FORMAT_TEXT_MAP, messageHeaders);
    billing.publish(Buffer.from(reply.body), messageHeaders);
    publish.finish();

    res.statusCode = 202;
    span.setTag(Tags.HTTP_STATUS_CODE, 202);
    res.end('accepted');
    span.finish();
  };
}
