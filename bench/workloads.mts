// One function per (workload, implementation): the same work written against each API.
import type { Span as OtelSpan, Tracer as OtelTracer } from '@opentelemetry/api';
import { ROOT_CONTEXT, context, propagation, trace } from '@opentelemetry/api';
import { TracerShim as OfficialShim } from '@opentelemetry/shim-opentracing';
import jaeger from 'jaeger-client';
import * as opentracing from 'opentracing';
// The built package: what users run (tsc output, not a dev-time transpile).
import { TracerShim } from '../dist/index.js';

export type Implementation =
  'otel' | 'official-shim' | 'bridge' | 'bridge, no parent link' | 'jaeger-client';
export type Workload =
  | 'span life'
  | 'childOf'
  | 'followsFrom'
  | 'inject+extract'
  | 'baggage set+get'
  | 'otel conventions';

type Make = () => () => unknown;

const HTTP = opentracing.FORMAT_HTTP_HEADERS;

/**
 * The same span life in OpenTracing: 3 tags at start, 2 setTag, 1 log, finish. The options are
 * written out as callers write them (no spread), so only the tracer's own work differs.
 */
function otSpanLife(
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

/** Builds the benchmark functions; parents and carriers are made once, outside the timed code. */
export function workloads(): Map<Workload, Map<Implementation, Make>> {
  const otel = trace.getTracer('bench');
  const official = new OfficialShim(trace.getTracer('bench-official'));
  const bridge = new TracerShim(trace.getTracer('bench-bridge'));
  const translating = new TracerShim(trace.getTracer('bench-bridge'), {
    semanticConventions: 'otel',
  });
  const lean = new TracerShim(trace.getTracer('bench-bridge'), { linkParentReference: false });
  const legacy = new jaeger.Tracer(
    'bench',
    new jaeger.NoopReporter(),
    new jaeger.ConstSampler(true),
  );
  // The three OpenTracing tracers, for the workloads written once against the OpenTracing API.
  const openTracers = { 'official-shim': official, bridge, 'jaeger-client': legacy };
  const all = new Map<Workload, Map<Implementation, Make>>();

  all.set(
    'span life',
    new Map<Implementation, Make>([
      ['otel', () => () => otelSpanLife(otel)],
      ['official-shim', () => () => otSpanLife(official)],
      ['bridge', () => () => otSpanLife(bridge)],
      ['jaeger-client', () => () => otSpanLife(legacy)],
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
      [
        'official-shim',
        () => {
          const parent = official.startSpan('parent');
          return () => otSpanLife(official, parent);
        },
      ],
      [
        'bridge',
        () => {
          const parent = bridge.startSpan('parent');
          return () => otSpanLife(bridge, parent);
        },
      ],
      [
        'bridge, no parent link',
        () => {
          const parent = lean.startSpan('parent');
          return () => otSpanLife(lean, parent);
        },
      ],
      [
        'jaeger-client',
        () => {
          const parent = legacy.startSpan('parent');
          return () => otSpanLife(legacy, parent);
        },
      ],
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
      [
        'official-shim',
        () => {
          const p = official.startSpan('producer');
          return () => otSpanLife(official, undefined, [opentracing.followsFrom(p.context())]);
        },
      ],
      [
        'bridge',
        () => {
          const p = bridge.startSpan('producer');
          return () => otSpanLife(bridge, undefined, [opentracing.followsFrom(p.context())]);
        },
      ],
      [
        'jaeger-client',
        () => {
          const p = legacy.startSpan('producer');
          return () => otSpanLife(legacy, undefined, [opentracing.followsFrom(p.context())]);
        },
      ],
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
      ...(['official-shim', 'bridge', 'jaeger-client'] as const).map(
        (name): [Implementation, Make] => [
          name,
          () => {
            const tracer = openTracers[name];
            const span = tracer.startSpan('client');
            span.setBaggageItem('user.id', 'u-42');
            return () => {
              const carrier: Record<string, string> = {};
              tracer.inject(span.context(), HTTP, carrier);
              return tracer.extract(HTTP, carrier);
            };
          },
        ],
      ),
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
      ...(['official-shim', 'bridge', 'jaeger-client'] as const).map(
        (name): [Implementation, Make] => [
          name,
          () => {
            const tracer = openTracers[name];
            const span = tracer.startSpan('s');
            return () => {
              span.setBaggageItem('user.id', 'u-42');
              return span.getBaggageItem('user.id');
            };
          },
        ],
      ),
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
