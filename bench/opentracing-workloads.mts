// The workloads written once against the OpenTracing API. bench/workloads.mts imports this module
// once per OpenTracing tracer (a distinct URL each time, so a distinct module instance): every
// tracer then runs its own copy of these functions. V8 keeps type feedback per function, so a
// single shared copy would see the span classes of all three tracers at each call site and make
// them polymorphic — a cost that a service, which uses one tracer, never pays, and that would be
// charged to the OpenTracing paths only (the OTel path has its own code).
import { validateHeaderValue } from 'node:http';
import * as opentracing from 'opentracing';

/** The OpenTracing workloads; each builds its timed function, preparing parents and carriers. */
export interface OpenTracingWorkloads {
  spanLife: () => () => void;
  childOf: () => () => void;
  followsFrom: () => () => void;
  injectExtract: () => () => unknown;
  baggage: () => () => unknown;
  serverHop: () => () => void;
}

const HTTP = opentracing.FORMAT_HTTP_HEADERS;

/**
 * A span's life: 3 tags at start, 2 setTag, 1 log, finish. The options are written out as callers
 * write them (no spread), so only the tracer's own work differs.
 */
function spanLife(
  tracer: opentracing.Tracer,
  childOf?: opentracing.Span,
  references?: opentracing.Reference[],
): void {
  const span =
    childOf !== undefined
      ? tracer.startSpan('op', {
          childOf,
          tags: { 'http.method': 'GET', retry: 1, 'cache.hit': true },
        })
      : references !== undefined
        ? tracer.startSpan('op', {
            references,
            tags: { 'http.method': 'GET', retry: 1, 'cache.hit': true },
          })
        : tracer.startSpan('op', { tags: { 'http.method': 'GET', retry: 1, 'cache.hit': true } });
  span.setTag('http.status_code', 200);
  span.setTag('user.tier', 'gold');
  span.log({ event: 'cache.miss', key: 'user:1' });
  span.finish();
}

/**
 * What Node's HTTP client does with the headers of an outgoing request before it sends them: it
 * validates each one (and so reads every value). Every implementation's server hop does it.
 */
export function sendHeaders(headers: Record<string, string>): void {
  for (const name in headers) validateHeaderValue(name, headers[name]);
}

// BENCH_REQUEST_HEADERS=N: the server hop's incoming request also carries N other headers, as a
// real request does (0 by default, the figures of docs/performance.md's table).
const REQUEST_HEADERS = [
  'host',
  'user-agent',
  'accept',
  'accept-encoding',
  'accept-language',
  'connection',
  'content-type',
  'content-length',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-request-id',
  'cookie',
  'authorization',
  'cache-control',
  'referer',
  'origin',
];
const OTHER_HEADERS = Number(process.env.BENCH_REQUEST_HEADERS ?? 0);

/**
 * `incoming` with BENCH_REQUEST_HEADERS other headers, added one by one as Node's HTTP parser adds
 * them to `req.headers` (past a dozen, V8 then keeps the object as a dictionary, as it does there).
 */
export function withRequestHeaders(incoming: Record<string, string>): Record<string, string> {
  for (let index = 0; index < OTHER_HEADERS; index++) {
    incoming[REQUEST_HEADERS[index] ?? `x-header-${index}`] = 'value';
  }
  return incoming;
}

/** The workloads for one tracer. */
export function openTracingWorkloads(tracer: opentracing.Tracer): OpenTracingWorkloads {
  return {
    spanLife: () => () => spanLife(tracer),
    childOf: () => {
      const parent = tracer.startSpan('parent');
      return () => spanLife(tracer, parent);
    },
    followsFrom: () => {
      const producer = tracer.startSpan('producer');
      return () => spanLife(tracer, undefined, [opentracing.followsFrom(producer.context())]);
    },
    injectExtract: () => {
      const span = tracer.startSpan('client');
      span.setBaggageItem('user.id', 'u-42');
      return () => {
        const carrier: Record<string, string> = {};
        tracer.inject(span.context(), HTTP, carrier);
        return tracer.extract(HTTP, carrier);
      };
    },
    serverHop: () => {
      // The incoming request's headers, as this tracer's own upstream would send them.
      const upstream = tracer.startSpan('upstream');
      upstream.setBaggageItem('user.id', 'u-42');
      const incoming: Record<string, string> = {};
      tracer.inject(upstream.context(), HTTP, withRequestHeaders(incoming));
      return () => {
        const parent = tracer.extract(HTTP, incoming);
        const span = tracer.startSpan('GET /orders', {
          childOf: parent ?? undefined,
          tags: { 'span.kind': 'server', 'http.method': 'GET', 'http.url': '/orders' },
        });
        const outgoing: Record<string, string> = {};
        tracer.inject(span.context(), HTTP, outgoing);
        sendHeaders(outgoing);
        span.setTag('http.status_code', 200);
        span.finish();
      };
    },
    baggage: () => {
      const span = tracer.startSpan('s');
      return () => {
        span.setBaggageItem('user.id', 'u-42');
        return span.getBaggageItem('user.id');
      };
    },
  };
}
