import { context, propagation, trace } from '@opentelemetry/api';
import { setTimeout as sleep } from 'node:timers/promises';
import type * as opentracing from 'opentracing';
import { TracerShim, contextWithSpan, withActiveSpan } from '../../src';
import { setUpOtel } from '../support/otel';

const otel = setUpOtel();
const tracer = new TracerShim(otel.tracer);

beforeEach(() => otel.reset());

describe('mixed mode', () => {
  it('nests OTel -> OpenTracing -> OTel in one trace across await', async () => {
    await otel.tracer.startActiveSpan('otel-outer', async (outer) => {
      await sleep(1);
      const legacy = tracer.startSpan('legacy-middle').setBaggageItem('user.id', 'u1');
      await withActiveSpan(legacy, async () => {
        await sleep(1);
        const inner = otel.tracer.startSpan('otel-inner');
        expect(propagation.getBaggage(context.active())?.getEntry('user.id')?.value).toBe('u1');
        await new Promise<void>((resolve) => setImmediate(resolve));
        inner.end();
        // Legacy code deeper down parents on the active span too.
        tracer.startSpan('legacy-deep').finish();
      });
      legacy.finish();
      outer.end();
    });
    const outer = otel.span('otel-outer');
    const middle = otel.span('legacy-middle');
    const inner = otel.span('otel-inner');
    const deep = otel.span('legacy-deep');
    const traceId = outer.spanContext().traceId;
    expect([middle, inner, deep].map((s) => s.spanContext().traceId)).toEqual([
      traceId,
      traceId,
      traceId,
    ]);
    expect(middle.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    expect(inner.parentSpanContext?.spanId).toBe(middle.spanContext().spanId);
    expect(deep.parentSpanContext?.spanId).toBe(middle.spanContext().spanId);
  });

  it('passes arguments and the return value through, and lets the callback’s errors reach the caller', () => {
    const span = tracer.startSpan('s');
    expect(withActiveSpan(span, (a: number, b: number) => a + b, 2, 3)).toBe(5);
    expect(() =>
      withActiveSpan(span, () => {
        throw new Error('from user code');
      }),
    ).toThrow('from user code');
  });

  it('makes a span context from another tracer the active (non-recording) parent', () => {
    const foreign = { toTraceId: () => 'abc', toSpanId: () => 'def' };
    const ctx = contextWithSpan(foreign);
    expect(trace.getSpanContext(ctx)).toMatchObject({
      traceId: '00000000000000000000000000000abc',
      spanId: '0000000000000def',
    });
  });

  it('leaves the context unchanged for something that is not a span, with a warning', () => {
    const base = context.active();
    expect(contextWithSpan(42 as unknown as opentracing.Span, base)).toBe(base);
    expect(otel.warnings).toHaveLength(1);
  });

  it('isolates concurrent requests: each sees its own active span and baggage', async () => {
    const seen = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const span = tracer.startSpan(`request-${i}`).setBaggageItem('user.id', `u${i}`);
        return withActiveSpan(span, async () => {
          await sleep(Math.random() * 5);
          const active = tracer.activeSpan()!;
          return [
            active.context().toSpanId() === span.context().toSpanId(),
            active.getBaggageItem('user.id'),
          ];
        });
      }),
    );
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => [true, `u${i}`]));
  });
});
