// Where the rewrite carries the incoming baggage by running a call with it in the active context
// (a span handed to a function, a middleware's `next()`), OpenTelemetry's context is what it is:
// a span the callee starts without the handed span as its parent sees that baggage too, where the
// OpenTracing span it started through the bridge did not. MIGRATION.md says so; this test keeps
// the statement true (the parent stays the same, the baggage is the difference, and the only one).
import { BaggageToAttributesProcessor } from '../../../src';
import { setUpOtel } from '../../../test/support/otel';
import { RuleProject } from './support/rule-project';
import { compareTraces } from '../../../src/testing';

const otel = setUpOtel({ spanProcessors: [new BaggageToAttributesProcessor(['tenant'])] });
// Its test file runs other suites too (rules.test.ts, runs.test.ts): this SDK is installed for this one.
beforeAll(() => otel.install());
const project = new RuleProject();

const SOURCE = `import { context as otelContext, trace as otelTrace } from '@opentelemetry/api';
import { FORMAT_HTTP_HEADERS, globalTracer } from 'opentracing';
import type { Span } from 'opentracing';

const tracer = globalTracer();

// Starts a span without a parent: under whatever span is active where it is called.
function flush(span: Span): void {
  span.setTag('flushed', true);
  tracer.startSpan('flush').finish();
}

export function run(): void {
  const headers = {
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    baggage: 'tenant=acme',
  };
  const parent = tracer.extract(FORMAT_HTTP_HEADERS, headers);
  const span = tracer.startSpan('request', { childOf: parent ?? undefined });
  // Called under another active span (an instrumented library's, say).
  const db = otelTrace.getTracer('db').startSpan('db.query');
  otelContext.with(otelTrace.setSpan(otelContext.active(), db), () => flush(span));
  db.end();
  span.finish();
}
`;

const { spans } = project.addSpans(SOURCE, otel, 'flush.ts');
beforeAll(() => project.run(), 120_000);
afterAll(() => project.dispose());

it('gives a parentless span started in the call the incoming baggage, and changes nothing else', async () => {
  const { recordedBefore, recordedAfter } = await spans();
  // One difference, and only one: the flush span, a child of db.query on both sides, now has the
  // incoming baggage's tenant.
  expect(compareTraces(recordedBefore, recordedAfter)).toEqual([
    {
      trace: 1,
      span: 'db.query > flush',
      field: 'attribute tenant',
      before: undefined,
      after: 'acme',
    },
  ]);
});
