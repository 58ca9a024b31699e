// opentracing-otel-bridge/testing against a real SDK: the recorder, the text snapshot and the
// comparison that tells code on the bridge from the same code migrated, only where they differ.
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { Tracer } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import * as opentracing from 'opentracing';
import { TracerShim } from '../../src';
import { TraceRecorder, compareTraces, renderTrace } from '../../src/testing';

const recorder = new TraceRecorder();
const provider = new TracerProvider({ spanProcessors: [recorder] });
const otelTracer = provider.getTracer('test');
const bridge = new TracerShim(otelTracer, { implicitParent: false });

beforeEach(() => recorder.reset());

/** A checkout through the bridge, with OpenTracing tag names. */
function checkoutOnTheBridge(order: string[] = ['reserve', 'charge']): void {
  const server = bridge.startSpan('GET /checkout', {
    tags: { 'span.kind': 'server', 'http.method': 'GET', 'http.status_code': 200 },
  });
  for (const name of order) {
    const child = bridge.startSpan(name, { childOf: server });
    if (name === 'charge') {
      child.setTag('error', true);
      child.log({ event: 'error', 'error.object': new Error('card declined') });
    }
    child.finish();
  }
  const publish = bridge.startSpan('publish', {
    references: [opentracing.followsFrom(server.context())],
  });
  publish.finish();
  server.finish();
}

/** The same checkout written with @opentelemetry/api and stable semantic-convention names. */
function checkoutOnOpenTelemetry(tracer: Tracer, options: { status?: number } = {}): void {
  const server = tracer.startSpan('GET /checkout', {
    kind: SpanKind.SERVER,
    attributes: {
      'http.request.method': 'GET',
      'http.response.status_code': options.status ?? 200,
    },
  });
  const active = trace.setSpan(context.active(), server);
  tracer.startSpan('reserve', {}, active).end();
  const charge = tracer.startSpan('charge', {}, active);
  charge.recordException(new Error('card declined'));
  charge.setStatus({ code: SpanStatusCode.ERROR });
  charge.end();
  // A FollowsFrom reference on the bridge is the parent when it is the only one, and a link.
  tracer
    .startSpan(
      'publish',
      {
        links: [
          { context: server.spanContext(), attributes: { 'opentracing.ref_type': 'follows_from' } },
        ],
      },
      active,
    )
    .end();
  server.end();
}

describe('TraceRecorder', () => {
  it('records every ended span, and forgets them on reset', () => {
    checkoutOnTheBridge();
    expect(
      recorder
        .spans()
        .map((span) => span.name)
        .sort(),
    ).toEqual(['GET /checkout', 'charge', 'publish', 'reserve']);
    recorder.reset();
    expect(recorder.spans()).toEqual([]);
  });
});

describe('renderTrace', () => {
  it('prints each trace as a tree, without ids or times', () => {
    checkoutOnTheBridge();
    const text = renderTrace(recorder.spans());
    expect(text).toBe(
      [
        'trace 1',
        '- GET /checkout [server]',
        '    http.method = "GET"',
        '    http.status_code = 200',
        '  - charge [internal] ERROR',
        '      event exception: event = "error", exception.message = "card declined", exception.stacktrace = "Error: card declined", exception.type = "Error"',
        '  - publish [internal]',
        '      link -> GET /checkout: opentracing.ref_type = "follows_from"',
        '  - reserve [internal]',
        '',
      ].join('\n'),
    );
    for (const span of recorder.spans()) {
      expect(text).not.toContain(span.spanContext().spanId);
      expect(text).not.toContain(span.spanContext().traceId);
    }
  });

  it('gives the same text whatever order siblings started in', () => {
    checkoutOnTheBridge(['reserve', 'charge']);
    const first = renderTrace(recorder.spans());
    recorder.reset();
    checkoutOnTheBridge(['charge', 'reserve']);
    expect(renderTrace(recorder.spans())).toBe(first);
  });

  it('works as a Jest snapshot', () => {
    checkoutOnTheBridge();
    expect(renderTrace(recorder.spans())).toMatchSnapshot();
  });

  it('leaves out attributes that change from run to run when asked', () => {
    checkoutOnTheBridge();
    const text = renderTrace(recorder.spans(), { ignoreAttributes: ['http.status_code'] });
    expect(text).not.toContain('http.status_code');
    expect(text).toContain('http.method');
  });
});

describe('compareTraces', () => {
  it('finds no difference between OpenTracing tags on the bridge and stable names on OTel', () => {
    checkoutOnTheBridge();
    const before = recorder.spans();
    recorder.reset();
    checkoutOnOpenTelemetry(otelTracer);
    expect(compareTraces(before, recorder.spans())).toEqual([]);
  });

  it('reports a changed value, field by field', () => {
    checkoutOnTheBridge();
    const before = recorder.spans();
    recorder.reset();
    checkoutOnOpenTelemetry(otelTracer, { status: 500 });
    expect(compareTraces(before, recorder.spans())).toEqual([
      {
        trace: 1,
        span: 'GET /checkout',
        field: 'attribute http.response.status_code',
        before: 200,
        after: 500,
      },
    ]);
  });

  it('reports a lost parent as a span gone from its trace and a new trace', () => {
    checkoutOnTheBridge();
    const before = recorder.spans();
    recorder.reset();
    // The migration lost the parent of `reserve`: it became a root.
    const server = bridge.startSpan('GET /checkout', {
      tags: { 'span.kind': 'server', 'http.method': 'GET', 'http.status_code': 200 },
    });
    bridge.startSpan('reserve').finish();
    const charge = bridge.startSpan('charge', { childOf: server });
    charge.setTag('error', true);
    charge.log({ event: 'error', 'error.object': new Error('card declined') });
    charge.finish();
    bridge
      .startSpan('publish', { references: [opentracing.followsFrom(server.context())] })
      .finish();
    server.finish();
    const differences = compareTraces(before, recorder.spans());
    expect(differences).toEqual([
      {
        trace: 1,
        span: 'GET /checkout > reserve',
        field: 'span',
        before: 'recorded',
        after: undefined,
      },
      { trace: 2, span: 'reserve', field: 'span', before: undefined, after: 'recorded' },
    ]);
  });

  it("compares names as recorded in 'exact' mode", () => {
    checkoutOnTheBridge();
    const before = recorder.spans();
    recorder.reset();
    checkoutOnOpenTelemetry(otelTracer);
    const fields = compareTraces(before, recorder.spans(), { conventions: 'exact' }).map(
      (difference) => `${difference.span}: ${difference.field}`,
    );
    expect(fields).toEqual(
      expect.arrayContaining([
        'GET /checkout: attribute http.method',
        'GET /checkout: attribute http.response.status_code',
        'GET /checkout > charge: events',
      ]),
    );
  });
});
