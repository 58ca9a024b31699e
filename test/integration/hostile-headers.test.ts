// Hostile headers over real HTTP on loopback: an attacker calls a bridge service, which calls a
// downstream Node server with Node's default limits. Whatever the attacker sends, the service's
// outgoing request is accepted by Node's http.request and by the downstream server (no
// ERR_INVALID_HTTP_TOKEN, no 431), and the trace goes on.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as opentracing from 'opentracing';
import { TracerShim } from '../../src';
import { setUpOtel } from '../support/otel';
import type { RunningServer } from '../support/http';
import { get, listen } from '../support/http';

const otel = setUpOtel();
const tracer = new TracerShim(otel.tracer, {
  propagators: ['tracecontext', 'baggage', 'jaeger', 'ottrace'],
});
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

let downstream: RunningServer;
let service: { url: string; server: Server };
const received: IncomingMessage['headers'][] = [];

/** The service: extracts, starts a server span, calls downstream with the injected context. */
function handleRequest(req: IncomingMessage, res: ServerResponse): void {
  const parent = tracer.extract(opentracing.FORMAT_HTTP_HEADERS, req.headers);
  const span = tracer.startSpan('service', parent ? { childOf: parent } : {});
  const headers: Record<string, string> = {};
  tracer.inject(span, opentracing.FORMAT_HTTP_HEADERS, headers);
  let outgoing;
  try {
    outgoing = request(`${downstream.url}/`, { headers, agent: false }, (reply) => {
      reply.resume();
      reply.on('end', () => {
        span.finish();
        res.end(String(reply.statusCode));
      });
    });
  } catch (error) {
    // What the attack report saw: http.request refusing a header name the bridge wrote.
    span.finish();
    res.end(`request threw ${(error as { code?: string }).code ?? String(error)}`);
    return;
  }
  outgoing.on('error', (error) => res.end(`request failed ${error.message}`));
  outgoing.end();
}

beforeAll(async () => {
  downstream = await listen((req, res) => {
    received.push(req.headers);
    res.end('ok');
  });
  // This service raised its own header limit, so 100 KB attacks reach the bridge.
  const server = createServer({ maxHeaderSize: 256 * 1024 }, handleRequest);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  service = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
});

afterAll(async () => {
  await downstream.close();
  await new Promise<void>((resolve) => service.server.close(() => resolve()));
});

beforeEach(() => {
  otel.reset();
  received.length = 0;
});

// Node's server answers 400 to about a thousand headers whatever their size: 600 long ones.
function itemHeaders(prefix: string, count: number, size: number): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let index = 0; index < count; index++) headers[`${prefix}k${index}`] = 'v'.repeat(size);
  return headers;
}

const attacks: Array<[string, Record<string, string>]> = [
  ['a baggage key that is not a header token', { traceparent: TRACEPARENT, baggage: '%28=x' }],
  [
    '180 entries, 8 KB of W3C baggage (within the incoming limits)',
    {
      traceparent: TRACEPARENT,
      baggage: Array.from({ length: 180 }, (_, i) => `key${i}=${'v'.repeat(36)}`)
        .join(',')
        .slice(0, 8192),
    },
  ],
  ['100 KB of uberctx-* items', { traceparent: TRACEPARENT, ...itemHeaders('uberctx-', 600, 160) }],
  [
    '100 KB of ot-baggage-* items',
    { traceparent: TRACEPARENT, ...itemHeaders('ot-baggage-', 600, 160) },
  ],
  ['a 100 KB baggage header', { traceparent: TRACEPARENT, baggage: 'k=v,'.repeat(25_000) }],
  ['a 100 KB uber-trace-id', { 'uber-trace-id': `${TRACE_ID}:${'f'.repeat(100_000)}` }],
];

describe('hostile headers over HTTP', () => {
  it.each(attacks)('%s: the downstream call succeeds', async (_name, headers) => {
    const answer = await get(`${service.url}/`, headers);
    expect(answer).toEqual({ status: 200, body: '200' });
    expect(received).toHaveLength(1);
    const downstreamHeaders = received[0];
    if (headers.traceparent !== undefined) {
      expect(downstreamHeaders.traceparent).toContain(TRACE_ID);
      expect(otel.span('service').spanContext().traceId).toBe(TRACE_ID);
    }
    // What went downstream is within the W3C limits in every format.
    const items = Object.keys(downstreamHeaders).filter((name) => name.startsWith('uberctx-'));
    expect(items.length).toBeLessThanOrEqual(180);
    expect((downstreamHeaders.baggage ?? '').length).toBeLessThanOrEqual(8192);
  });
});
