// One function per (workload, implementation): the same work written against each API.
import type { Span as OtelSpan, Tracer as OtelTracer } from '@opentelemetry/api';
import { ROOT_CONTEXT, SpanKind, context, propagation, trace } from '@opentelemetry/api';
import { TracerShim as OfficialShim } from '@opentelemetry/shim-opentracing';
import jaeger from 'jaeger-client';
import type * as opentracing from 'opentracing';
import type * as OpenTracingModule from './opentracing-workloads.mts';
import { bareWrapperTracer } from './bare-wrapper.mts';
import type { OpenTracingWorkloads } from './opentracing-workloads.mts';
import { sendHeaders, withRequestHeaders } from './opentracing-workloads.mts';
// The built package: what users run (tsc output, not a dev-time transpile).
import { TracerShim } from '../dist/index.js';

export type Implementation =
  | 'otel'
  | 'official-shim'
  | 'bridge'
  | 'bridge, parent link'
  | 'jaeger-client'
  | 'bare wrapper (floor)';
export type Workload =
  | 'span life'
  | 'childOf'
  | 'followsFrom'
  | 'inject+extract'
  | 'baggage set+get'
  | 'server hop'
  | 'otel conventions';

type Make = () => () => unknown;

function otelSpanLife(
  tracer: OtelTracer,
  parent = context.active(),
  links?: { context: ReturnType<OtelSpan['spanContext']> }[],
): void {
  const span = tracer.startSpan(
    'op',
    { attributes: { 'http.method': 'GET', retry: 1, 'cache.hit': true }, links },
    parent,
  );
  span.setAttribute('http.status_code', 200);
  span.setAttribute('user.tier', 'gold');
  span.addEvent('cache.miss', { key: 'user:1' });
  span.end();
}

/** The OpenTracing workloads for one tracer, from a module instance of its own (see that module). */
async function ownCopyFor(name: string, tracer: opentracing.Tracer): Promise<OpenTracingWorkloads> {
  const module = (await import(
    `./opentracing-workloads.mts?tracer=${encodeURIComponent(name)}`
  )) as typeof OpenTracingModule;
  return module.openTracingWorkloads(tracer);
}

/** Builds the benchmark functions; parents and carriers are made once, outside the timed code. */
export async function workloads(): Promise<Map<Workload, Map<Implementation, Make>>> {
  const otel = trace.getTracer('bench');
  const translating = new TracerShim(trace.getTracer('bench-bridge'), {
    semanticConventions: 'otel',
  });
  const legacy = new jaeger.Tracer(
    'bench',
    new jaeger.NoopReporter(),
    new jaeger.ConstSampler(true),
  );
  // The OpenTracing implementations, each with its own copy of the workload code.
  const open = new Map<Implementation, OpenTracingWorkloads>([
    [
      'official-shim',
      await ownCopyFor('official-shim', new OfficialShim(trace.getTracer('bench-official'))),
    ],
    ['bridge', await ownCopyFor('bridge', new TracerShim(trace.getTracer('bench-bridge')))],
    [
      'bridge, parent link',
      await ownCopyFor(
        'bridge, parent link',
        new TracerShim(trace.getTracer('bench-bridge'), { linkParentReference: true }),
      ),
    ],
    ['jaeger-client', await ownCopyFor('jaeger-client', legacy)],
  ]);
  // The floor of any OpenTracing wrapper, for span life only (see bare-wrapper.mts).
  const bare = await ownCopyFor(
    'bare wrapper (floor)',
    bareWrapperTracer() as unknown as opentracing.Tracer,
  );
  /** The OpenTracing rows of one workload; the spec-strict bridge only where it differs (childOf). */
  const openRows = (pick: (w: OpenTracingWorkloads) => Make, withStrict = false) =>
    [...open]
      .filter(([name]) => withStrict || name !== 'bridge, parent link')
      .map(([name, w]): [Implementation, Make] => [name, pick(w)]);

  const all = new Map<Workload, Map<Implementation, Make>>();
  all.set(
    'span life',
    new Map<Implementation, Make>([
      ['otel', () => () => otelSpanLife(otel)],
      ...openRows((w) => w.spanLife),
      ['bare wrapper (floor)', bare.spanLife],
    ]),
  );
  all.set(
    'childOf',
    new Map<Implementation, Make>([
      [
        'otel',
        () => {
          const parent = trace.setSpan(context.active(), otel.startSpan('parent'));
          return () => otelSpanLife(otel, parent);
        },
      ],
      ...openRows((w) => w.childOf, true),
    ]),
  );
  all.set(
    'followsFrom',
    new Map<Implementation, Make>([
      [
        'otel',
        () => {
          const producer = otel.startSpan('producer');
          const parent = trace.setSpan(context.active(), producer);
          const links = [{ context: producer.spanContext() }];
          return () => otelSpanLife(otel, parent, links);
        },
      ],
      ...openRows((w) => w.followsFrom),
    ]),
  );
  all.set(
    'inject+extract',
    new Map<Implementation, Make>([
      [
        'otel',
        () => {
          const span = otel.startSpan('client');
          const withBaggage = propagation.setBaggage(
            trace.setSpan(ROOT_CONTEXT, span),
            propagation.createBaggage({ 'user.id': { value: 'u-42' } }),
          );
          return () => {
            const carrier: Record<string, string> = {};
            propagation.inject(withBaggage, carrier);
            return propagation.extract(ROOT_CONTEXT, carrier);
          };
        },
      ],
      ...openRows((w) => w.injectExtract),
    ]),
  );
  all.set(
    'baggage set+get',
    new Map<Implementation, Make>([
      [
        'otel',
        () => {
          let otelContext = trace.setSpan(ROOT_CONTEXT, otel.startSpan('s'));
          return () => {
            const baggage = propagation.getBaggage(otelContext) ?? propagation.createBaggage();
            otelContext = propagation.setBaggage(
              otelContext,
              baggage.setEntry('user.id', { value: 'u-42' }),
            );
            return propagation.getBaggage(otelContext)?.getEntry('user.id')?.value;
          };
        },
      ],
      ...openRows((w) => w.baggage),
    ]),
  );
  all.set(
    'server hop',
    new Map<Implementation, Make>([
      [
        'otel',
        () => {
          const upstream = otel.startSpan('upstream');
          const incoming: Record<string, string> = {};
          propagation.inject(
            propagation.setBaggage(
              trace.setSpan(ROOT_CONTEXT, upstream),
              propagation.createBaggage({ 'user.id': { value: 'u-42' } }),
            ),
            withRequestHeaders(incoming),
          );
          return () => {
            const parent = propagation.extract(context.active(), incoming);
            const span = otel.startSpan(
              'GET /orders',
              {
                kind: SpanKind.SERVER,
                attributes: { 'http.method': 'GET', 'http.url': '/orders' },
              },
              parent,
            );
            const outgoing: Record<string, string> = {};
            propagation.inject(trace.setSpan(parent, span), outgoing);
            sendHeaders(outgoing);
            span.setAttribute('http.status_code', 200);
            span.end();
          };
        },
      ],
      ...openRows((w) => w.serverHop),
    ]),
  );
  all.set(
    'otel conventions',
    new Map<Implementation, Make>([
      // OTel code writes the semantic-convention names itself; the bridge translates OpenTracing's.
      [
        'otel',
        () => () => {
          const span = otel.startSpan('op', {
            attributes: { 'http.request.method': 'GET', 'server.address': 'api', retry: 1 },
          });
          span.setAttribute('http.response.status_code', 200);
          span.setAttribute('user.tier', 'gold');
          span.addEvent('cache.miss', { key: 'user:1' });
          span.end();
        },
      ],
      [
        'bridge',
        () => () => {
          const span = translating.startSpan('op', {
            tags: { 'http.method': 'GET', 'peer.hostname': 'api', retry: 1 },
          });
          span.setTag('http.status_code', 200);
          span.setTag('user.tier', 'gold');
          span.log({ event: 'cache.miss', key: 'user:1' });
          span.finish();
        },
      ],
    ]),
  );
  return all;
}
