// Isolation under load: many concurrent requests through a bridge service, each with its own trace
// and its own user.id baggage, across awaits, timers, event emitters and an outbound HTTP call.
// Not one may see, or stamp on its spans, another request's values.
import { EventEmitter, once } from 'node:events';
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import * as opentracing from 'opentracing';
import { BaggageToAttributesProcessor, TracerShim, withActiveSpan } from '../../src';
import type { RunningServer } from '../support/http';
import { listen } from '../support/http';
import { setUpOtel } from '../support/otel';

const REQUESTS = Number(process.env.ISOLATION_REQUESTS ?? 10_000);
const IN_FLIGHT = 200;
const HTTP = opentracing.FORMAT_HTTP_HEADERS;

const otel = setUpOtel({ spanProcessors: [new BaggageToAttributesProcessor(['user.id'])] });
const tracer = new TracerShim(otel.tracer);
const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });

function call(url: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, { headers, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(body));
    })
      .on('error', reject)
      .end();
  });
}

interface Seen {
  traceId: string;
  afterAwait?: string;
  inTimer?: string;
  inEmitter?: string;
  activeAfterEmitter?: string;
  downstream?: { traceId: string; userId?: string };
}

let downstream: RunningServer;
let service: RunningServer;

beforeAll(async () => {
  downstream = await listen((req, res) => {
    const span = tracer.startSpan('downstream', {
      childOf: tracer.extract(HTTP, req.headers) ?? undefined,
    });
    res.end(
      JSON.stringify({
        traceId: span.context().toTraceId(),
        userId: span.getBaggageItem('user.id'),
      }),
    );
    span.finish();
  });
  service = await listen(async (req, res) => {
    const span = tracer.startSpan('handle', {
      childOf: tracer.extract(HTTP, req.headers) ?? undefined,
      tags: { 'span.kind': 'server' },
    });
    const seen: Seen = { traceId: span.context().toTraceId() };
    await withActiveSpan(span, async () => {
      await sleep(Math.random() * 3);
      seen.afterAwait = tracer.activeSpan()?.getBaggageItem('user.id');
      seen.inTimer = await new Promise<string | undefined>((resolve) =>
        setTimeout(
          () => resolve(tracer.activeSpan()?.getBaggageItem('user.id')),
          Math.random() * 2,
        ),
      );
      const emitter = new EventEmitter();
      const heard = once(emitter, 'work');
      setImmediate(() => emitter.emit('work', tracer.activeSpan()?.getBaggageItem('user.id')));
      [seen.inEmitter] = (await heard) as [string | undefined];
      const active = tracer.activeSpan();
      seen.activeAfterEmitter = active?.context().toSpanId();
      // Legacy code below the handler: no childOf, so it nests under the active span.
      const outbound = tracer.startSpan('call downstream', { tags: { 'span.kind': 'client' } });
      const headers: Record<string, string> = {};
      tracer.inject(outbound, HTTP, headers);
      seen.downstream = JSON.parse(await call(downstream.url, headers)) as Seen['downstream'];
      outbound.finish();
    });
    span.finish();
    res.end(JSON.stringify(seen));
  });
});

afterAll(async () => {
  agent.destroy();
  await Promise.all([service.close(), downstream.close()]);
});

it(`keeps ${REQUESTS.toLocaleString('en')} concurrent requests apart (${IN_FLIGHT} in flight)`, async () => {
  const results: { userId: string; traceId: string; seen: Seen }[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < REQUESTS) {
      const index = next++;
      const userId = `user-${index}`;
      const client = tracer.startSpan('client', { childOf: undefined });
      client.setBaggageItem('user.id', userId);
      const headers: Record<string, string> = {};
      tracer.inject(client, HTTP, headers);
      const seen = JSON.parse(await call(service.url, headers)) as Seen;
      client.finish();
      results.push({ userId, traceId: client.context().toTraceId(), seen });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));

  const mixedUp = results.filter(
    ({ userId, traceId, seen }) =>
      seen.traceId !== traceId ||
      seen.afterAwait !== userId ||
      seen.inTimer !== userId ||
      seen.inEmitter !== userId ||
      seen.downstream?.traceId !== traceId ||
      seen.downstream?.userId !== userId,
  );
  expect(results).toHaveLength(REQUESTS);
  expect(mixedUp).toEqual([]);

  // Every span: in its request's trace, with its request's user.id, under the right parent.
  const byTrace = new Map(results.map((result) => [result.traceId, result.userId]));
  const spans = otel.spans();
  expect(spans).toHaveLength(REQUESTS * 4);
  const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
  const expectedParent: Record<string, string | undefined> = {
    client: undefined,
    handle: 'client',
    'call downstream': 'handle',
    downstream: 'call downstream',
  };
  const wrong = spans.filter((span) => {
    const userId = byTrace.get(span.spanContext().traceId);
    const parent = span.parentSpanContext ? byId.get(span.parentSpanContext.spanId) : undefined;
    const userOnSpan = span.name === 'client' ? userId : span.attributes['user.id'];
    return (
      userId === undefined ||
      userOnSpan !== userId ||
      parent?.name !== expectedParent[span.name] ||
      (parent !== undefined && parent.spanContext().traceId !== span.spanContext().traceId)
    );
  });
  expect(wrong.map((span) => span.name)).toEqual([]);
}, 120_000);
