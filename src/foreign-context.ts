import type { Baggage } from '@opentelemetry/api';
import { TraceFlags, isSpanContextValid, propagation } from './internal/otel-api';
import { reportMisuse } from './internal/report';
import { SpanContextShim } from './span-context';
import { EMPTY_BAGGAGE } from './internal/baggage';

interface OurContextShape {
  getSpanContext(): unknown;
  getBaggage(): unknown;
}

interface ForeignContextShape {
  toTraceId(): unknown;
  toSpanId(): unknown;
  isSampled?: unknown;
  baggage?: unknown;
}

interface SpanShape {
  context(): unknown;
}

/**
 * Turns anything OpenTracing code may hand us as "a span or a span context" into a
 * `SpanContextShim`, or `undefined` when it is not one:
 *
 * - our own `SpanContextShim`, or a span whose `context()` returns one;
 * - a `SpanContextShim` from another installed copy of this package (recognised by shape, since
 *   `instanceof` fails across copies);
 * - a context from another tracer that exposes `toTraceId()`/`toSpanId()` (jaeger-client, for
 *   example): converted to a remote OTel span context. jaeger-client prints ids without leading
 *   zeros and may use 64-bit trace ids, so ids are left-padded. `isSampled()` is honoured when
 *   present, and a plain-object `baggage` property is carried over.
 *
 * Never throws on well-behaved input; the caller guards against throwing getters.
 * @internal
 */
export function toSpanContextShim(value: unknown): SpanContextShim | undefined {
  if (value instanceof SpanContextShim) return value;
  if (typeof value !== 'object' || value === null) return undefined;
  if (hasMethod<OurContextShape>(value, 'getSpanContext') && hasMethod(value, 'getBaggage')) {
    return fromOurShape(value);
  }
  if (hasMethod<ForeignContextShape>(value, 'toTraceId') && hasMethod(value, 'toSpanId')) {
    return fromForeignContext(value);
  }
  if (hasMethod<SpanShape>(value, 'context')) {
    const spanContext = value.context();
    // A span's context is never itself a span: one level is enough, and it stops any cycle.
    return hasMethod(spanContext, 'context') ? undefined : toSpanContextShim(spanContext);
  }
  return undefined;
}

function hasMethod<T>(value: unknown, name: keyof T): value is T {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<PropertyKey, unknown>)[name] === 'function'
  );
}

function fromOurShape(value: OurContextShape): SpanContextShim | undefined {
  const spanContext = value.getSpanContext() as Parameters<typeof isSpanContextValid>[0];
  const baggage = value.getBaggage() as Baggage;
  if (typeof spanContext !== 'object' || spanContext === null) return undefined;
  if (typeof spanContext.traceId !== 'string' || typeof spanContext.spanId !== 'string') {
    return undefined;
  }
  const usableBaggage = hasMethod<Baggage>(baggage, 'getAllEntries') ? baggage : EMPTY_BAGGAGE;
  const debug = hasMethod<{ isDebug(): unknown }>(value, 'isDebug') && value.isDebug() === true;
  return new SpanContextShim(spanContext, usableBaggage, debug);
}

function fromForeignContext(value: ForeignContextShape): SpanContextShim | undefined {
  const traceId = toHexId(value.toTraceId(), 32);
  const spanId = toHexId(value.toSpanId(), 16);
  const spanContext = {
    traceId: traceId ?? '',
    spanId: spanId ?? '',
    traceFlags: isSampled(value) ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
  };
  if (!isSpanContextValid(spanContext)) {
    reportMisuse(
      'foreign-context',
      'a span context from another tracer had no valid trace and span ids and was ignored',
    );
    return undefined;
  }
  return new SpanContextShim(spanContext, foreignBaggage(value.baggage));
}

const HEX_ID = /^[0-9a-f]+$/;

function toHexId(id: unknown, length: number): string | undefined {
  if (typeof id !== 'string') return undefined;
  const hex = id.toLowerCase();
  if (hex.length === 0 || hex.length > length || !HEX_ID.test(hex)) return undefined;
  return hex.padStart(length, '0');
}

function isSampled(value: ForeignContextShape): boolean {
  if (typeof value.isSampled !== 'function') return true;
  return (value.isSampled as () => unknown).call(value) !== false;
}

function foreignBaggage(baggage: unknown): Baggage {
  if (typeof baggage !== 'object' || baggage === null) return EMPTY_BAGGAGE;
  let result: Baggage | undefined;
  for (const [key, value] of Object.entries(baggage)) {
    if (typeof value !== 'string') continue;
    result = (result ?? propagation.createBaggage()).setEntry(key, { value });
  }
  return result ?? EMPTY_BAGGAGE;
}
