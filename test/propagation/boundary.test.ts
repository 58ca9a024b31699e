// The boundary: hostile incoming context never crashes, stalls or bloats a service. Each case is
// one from the attack report (issue #18); sizes are the ones attackers use (10,000 entries,
// 100 KB headers). Work is bounded by counting what the bridge reads, never by timing.
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { Metadata } from '@grpc/grpc-js';
import type { Baggage } from '@opentelemetry/api';
import { propagation } from '@opentelemetry/api';
import { JaegerPropagator } from '@opentelemetry/propagator-jaeger';
import * as opentracing from 'opentracing';
import type { PropagatorName, SpanContextShim, SpanShim } from '../../src';
import { TracerShim, installGlobalTracer, uninstallGlobalTracer } from '../../src';
import { setUpOtel } from '../support/otel';

const otel = setUpOtel();
beforeEach(() => otel.reset());

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${SPAN_ID}-01`;
const MIXED_FLEET: PropagatorName[] = ['tracecontext', 'baggage', 'jaeger'];
const EVERY_FORMAT: PropagatorName[] = ['tracecontext', 'baggage', 'jaeger', 'ottrace', 'b3'];

function tracerWith(propagators: PropagatorName[]): TracerShim {
  return new TracerShim(otel.tracer, { propagators });
}

function injected(tracer: TracerShim, context: SpanContextShim | SpanShim): Record<string, string> {
  const headers: Record<string, string> = {};
  tracer.inject(context, opentracing.FORMAT_HTTP_HEADERS, headers);
  return headers;
}

/** Throws as Node's http.request would on a header it refuses. */
function expectAcceptedByNode(headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) {
    expect(() => validateHeaderName(name)).not.toThrow();
    expect(() => validateHeaderValue(name, value)).not.toThrow();
  }
}

function headerBytes(headers: Record<string, string>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(headers)) bytes += name.length + value.length + 4;
  return bytes;
}

function entryBytes(baggage: Baggage): number {
  const entries = baggage.getAllEntries();
  let bytes = Math.max(0, entries.length - 1);
  for (const [key, entry] of entries)
    bytes += Buffer.byteLength(key) + 1 + Buffer.byteLength(entry.value);
  return bytes;
}

function expectWithinW3cLimits(context: SpanContextShim | null): void {
  const baggage = context?.getBaggage() ?? propagation.createBaggage();
  expect(baggage.getAllEntries().length).toBeLessThanOrEqual(180);
  expect(entryBytes(baggage)).toBeLessThanOrEqual(8192);
}

/** A carrier that counts how many values and key lists are read from it. */
function countingCarrier(headers: Record<string, unknown>): {
  carrier: Record<string, unknown>;
  reads: () => number;
} {
  let reads = 0;
  const carrier = new Proxy(headers, {
    get(target, key, receiver) {
      reads++;
      return Reflect.get(target, key, receiver) as unknown;
    },
    ownKeys(target) {
      reads++;
      return Reflect.ownKeys(target);
    },
  });
  return { carrier, reads: () => reads };
}

/**
 * Counts baggage map copies: OTel's Baggage#setEntry copies the whole map, so a reader that adds
 * entries one by one does quadratic work.
 */
function countBaggageCopies(): () => number {
  const prototype = Object.getPrototypeOf(propagation.createBaggage()) as Baggage;
  const setEntry = prototype.setEntry;
  let copies = 0;
  // A plain wrapper: a jest spy would keep every copy it returned.
  prototype.setEntry = function (this: Baggage, ...args) {
    copies++;
    return setEntry.apply(this, args);
  };
  restoreAfterTest.push(() => (prototype.setEntry = setEntry));
  return () => copies;
}
const restoreAfterTest: Array<() => void> = [];
afterEach(() => restoreAfterTest.splice(0).forEach((restore) => restore()));
afterEach(() => jest.restoreAllMocks());

function manyItems(prefix: string, count: number, upperCase = false): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let index = 0; index < count; index++) {
    const key = `${prefix}key${index}`;
    headers[upperCase ? key.toUpperCase() : key] = `value${index}`;
  }
  return headers;
}

function w3cBaggage(count: number): string {
  return Array.from({ length: count }, (_, index) => `key${index}=value${index}`).join(',');
}

/** A FORMAT_BINARY buffer (see src/propagation/binary.ts) with `count` baggage entries. */
function binaryCarrierBytes(count: number): Buffer {
  return binaryCarrierOf(Array.from({ length: count }, (_, i): Triple => [`key${i}`, 'v', '']));
}

type Triple = [key: string, value: string, properties: string];

/** A FORMAT_BINARY buffer with these entries (key, value, properties). */
function binaryCarrierOf(entries: Triple[]): Buffer {
  const text = (value: string): Buffer[] => {
    const bytes = Buffer.from(value);
    const length = Buffer.alloc(2);
    length.writeUInt16BE(bytes.length);
    return [length, bytes];
  };
  const header = Buffer.concat([
    Buffer.from([1]),
    Buffer.from(TRACE_ID, 'hex'),
    Buffer.from(SPAN_ID, 'hex'),
    Buffer.from([1]),
    ...text(''),
  ]);
  const countField = Buffer.alloc(2);
  countField.writeUInt16BE(entries.length);
  const fields = entries.flatMap(([key, value, properties]) => [
    ...text(key),
    ...text(value),
    ...text(properties),
  ]);
  return Buffer.concat([header, countField, ...fields]);
}

describe('header names written for hostile baggage keys', () => {
  it.each([
    ['the mixed fleet', MIXED_FLEET, { traceparent: TRACEPARENT, baggage: '%28=x,a%29b=y' }],
    ['every format', EVERY_FORMAT, { traceparent: TRACEPARENT, baggage: '%28=x' }],
    ['ottrace without a span context', ['baggage', 'ottrace'], { baggage: '%28a%29=x' }],
  ] as Array<[string, PropagatorName[], Record<string, string>]>)(
    'are tokens Node accepts (%s)',
    (_case, names, incoming) => {
      const tracer = tracerWith(names);
      const context = tracer.extract(opentracing.FORMAT_HTTP_HEADERS, incoming);
      const headers = injected(tracer, context!);
      expectAcceptedByNode(headers);
      // Nothing is lost: the next hop decodes the keys back.
      const next = tracer.extract(opentracing.FORMAT_HTTP_HEADERS, headers);
      expect(
        next?.getBaggage().getEntry('(')?.value ?? next?.getBaggage().getEntry('(a)')?.value,
      ).toBe('x');
    },
  );

  it('keep every other token character as it is', () => {
    const tracer = tracerWith(['jaeger']);
    const span = tracer.startSpan('s').setBaggageItem("a!b*c'd", 'v');
    expect(Object.keys(injected(tracer, span))).toContain("uberctx-a!b*c'd");
  });
});

describe('reading a hostile carrier is bounded', () => {
  const formats: Array<[string, PropagatorName[], Record<string, unknown>]> = [
    ['uberctx-*', ['jaeger'], manyItems('uberctx-', 10_000)],
    ['UBERCTX-* (upper case)', ['jaeger'], manyItems('uberctx-', 10_000, true)],
    ['ot-baggage-*', ['ottrace'], manyItems('ot-baggage-', 10_000)],
    ['W3C baggage', ['tracecontext', 'baggage'], { baggage: w3cBaggage(10_000) }],
    ['W3C baggage, repeated', ['baggage'], { baggage: Array(10_000).fill('k=v') }],
    ['b3 of 100 KB', ['b3'], { b3: `${TRACE_ID}-${SPAN_ID}-1-${'0'.repeat(100_000)}` }],
    [
      'uber-trace-id of 100 KB',
      ['jaeger'],
      { 'uber-trace-id': `${TRACE_ID}:${'a'.repeat(100_000)}` },
    ],
  ];

  it.each(formats)('%s: few reads, limits kept', (_name, names, headers) => {
    const tracer = tracerWith([...names]);
    const { carrier, reads } = countingCarrier({ traceparent: TRACEPARENT, ...headers });
    const copies = countBaggageCopies();
    const context = tracer.extract(opentracing.FORMAT_HTTP_HEADERS, carrier);
    expectWithinW3cLimits(context);
    expect(copies()).toBe(0);
    // The first 256 keys at most, each read once or twice, plus the fixed trace headers.
    expect(reads()).toBeLessThan(700);
  });

  it('keeps the limits with an explicitly passed upstream propagator', () => {
    const tracer = new TracerShim(otel.tracer, { httpHeadersPropagator: new JaegerPropagator() });
    const { carrier, reads } = countingCarrier(manyItems('uberctx-', 10_000));
    const copies = countBaggageCopies();
    const context = tracer.extract(opentracing.FORMAT_HTTP_HEADERS, carrier);
    // The upstream propagator copies its map per item: bounded by the keys it is shown.
    expect(copies()).toBeLessThanOrEqual(256);
    expectWithinW3cLimits(context);
    expect(context!.getBaggage().getAllEntries().length).toBeGreaterThan(100);
    expect(reads()).toBeLessThan(700);
  });

  it('keeps the limits with the global propagator and no incomingBaggageKeys', () => {
    const tracer = new TracerShim(otel.tracer);
    const context = tracer.extract(opentracing.FORMAT_TEXT_MAP, {
      baggage: Array.from({ length: 500 }, (_, i) => `key${i}=${'v'.repeat(40)}`),
    });
    expectWithinW3cLimits(context);
  });

  it('gRPC Metadata with 10,000 items', () => {
    const metadata = new Metadata();
    for (let index = 0; index < 10_000; index++) metadata.set(`uberctx-k${index}`, 'v');
    // Spied on the class: a Metadata with methods of its own is listed through getMap().
    const reads = jest.spyOn(Metadata.prototype, 'get');
    // getMap() copies all 10,000 entries: the keys are read from the Metadata's own Map instead.
    const copiedWhole = jest.spyOn(Metadata.prototype, 'getMap');
    const copies = countBaggageCopies();
    try {
      const context = tracerWith(['jaeger']).extract(opentracing.FORMAT_TEXT_MAP, metadata);
      expectWithinW3cLimits(context);
      expect(reads.mock.calls.length).toBeLessThan(300);
      expect(copiedWhole).not.toHaveBeenCalled();
      expect(copies()).toBe(0);
    } finally {
      reads.mockRestore();
      copiedWhole.mockRestore();
    }
  });

  it('fetch Headers with 10,000 upper-case items', () => {
    const headers = new Headers();
    for (let index = 0; index < 10_000; index++) headers.set(`OT-BAGGAGE-K${index}`, 'v');
    const reads = jest.spyOn(headers, 'get');
    const copies = countBaggageCopies();
    const context = tracerWith(['ottrace']).extract(opentracing.FORMAT_HTTP_HEADERS, headers);
    expectWithinW3cLimits(context);
    expect(reads.mock.calls.length).toBeLessThan(300);
    expect(copies()).toBe(0);
  });

  it('a Map whose keys are not strings: read up to the key limit all the same', () => {
    let yielded = 0;
    // Endless in spirit; finite so that a failure fails instead of hanging the test run.
    class NumberKeys extends Map<unknown, string> {
      override *keys(): MapIterator<never> {
        while (yielded < 1_000_000) {
          yielded++;
          yield 0 as never;
        }
      }
    }
    const carrier = new NumberKeys([['uber-trace-id', 'x']]);
    expect(tracerWith(['jaeger']).extract(opentracing.FORMAT_TEXT_MAP, carrier)).toBeNull();
    expect(yielded).toBeLessThanOrEqual(257);
  });

  it('a binary carrier with 10,000 entries: limits kept, the buffer still checked whole', () => {
    const tracer = tracerWith(['tracecontext']);
    const carrier = new opentracing.BinaryCarrier(binaryCarrierBytes(10_000));
    const copies = countBaggageCopies();
    const context = tracer.extract(opentracing.FORMAT_BINARY, carrier);
    expect(copies()).toBe(0);
    expectWithinW3cLimits(context);
    expect(context!.getBaggage().getAllEntries().length).toBe(180);
    const truncated = new opentracing.BinaryCarrier(
      (carrier.buffer as Buffer).subarray(0, (carrier.buffer as Buffer).length - 1),
    );
    expect(tracer.extract(opentracing.FORMAT_BINARY, truncated)).toBeNull();
  });

  it('applies incomingBaggageKeys to every format', () => {
    const tracer = new TracerShim(otel.tracer, {
      propagators: ['baggage', 'jaeger', 'ottrace'],
      incomingBaggageKeys: ['user.id'],
    });
    const context = tracer.extract(opentracing.FORMAT_HTTP_HEADERS, {
      baggage: 'tenant.id=evil,user.id=1',
      'uberctx-tenant.id': 'evil',
      'ot-baggage-tenant.id': 'evil',
    });
    expect(
      context!
        .getBaggage()
        .getAllEntries()
        .map(([key]) => key),
    ).toEqual(['user.id']);
  });
});

describe('what goes out stays under the next hop limits', () => {
  it('180 entries of 8 KB W3C baggage in every format fit in 16 KB of headers', () => {
    const value = 'v'.repeat(30);
    const incoming = Array.from(
      { length: 180 },
      (_, i) => `k${String(i).padStart(3, '0')}=${value}`,
    )
      .join(',')
      .slice(0, 8192);
    const tracer = tracerWith([...EVERY_FORMAT]);
    const context = tracer.extract(opentracing.FORMAT_HTTP_HEADERS, {
      traceparent: TRACEPARENT,
      baggage: incoming,
    });
    expect(context!.getBaggage().getAllEntries().length).toBeGreaterThan(150);
    const headers = injected(tracer, tracer.startSpan('client', { childOf: context! }));
    expectAcceptedByNode(headers);
    expect(headerBytes(headers)).toBeLessThan(13 * 1024);
    expect(headers.traceparent).toContain(TRACE_ID);
    expect(headers['uber-trace-id']).toContain(TRACE_ID);
    expect(otel.warnings.join('\n')).toMatch(/outgoing baggage over the limits/);
  });

  it('small baggage goes out whole in every format', () => {
    const tracer = tracerWith([...EVERY_FORMAT]);
    const span = tracer.startSpan('s').setBaggageItem('user.id', '42');
    const headers = injected(tracer, span);
    expect(headers.baggage).toBe('user.id=42');
    expect(headers['uberctx-user.id']).toBe('42');
    expect(headers['ot-baggage-user.id']).toBe('42');
    expect(otel.warnings).toEqual([]);
  });

  it('the global propagator path is bounded too', () => {
    const tracer = new TracerShim(otel.tracer);
    const span = tracer.startSpan('s');
    for (let index = 0; index < 1000; index++) span.setBaggageItem(`key${index}`, 'v'.repeat(50));
    const headers = injected(tracer, span);
    expectAcceptedByNode(headers);
    expect(headers.baggage.length).toBeLessThanOrEqual(8192);
  });

  it('one lone surrogate does not cost the rest of the baggage', () => {
    const tracer = tracerWith(['tracecontext', 'baggage']);
    const context = tracer.extract(opentracing.FORMAT_TEXT_MAP, {
      traceparent: TRACEPARENT,
      baggage: 'a=1,b=x\uD800y',
    });
    const headers = injected(tracer, context!);
    expect(headers.baggage).toBe('a=1,b=x%EF%BF%BDy');
  });

  it('gRPC Metadata takes every key it can hold, -bin keys as Buffers', () => {
    const tracer = tracerWith(['jaeger']);
    const span = tracer
      .startSpan('s')
      .setBaggageItem('user.id', '42')
      .setBaggageItem('blob-bin', 'bytes')
      .setBaggageItem('(paren)', 'x')
      .setBaggageItem('tab', 'a\tb');
    const metadata = new Metadata();
    tracer.inject(span, opentracing.FORMAT_TEXT_MAP, metadata);
    expect(metadata.get('uberctx-user.id')).toEqual(['42']);
    expect(metadata.get('uberctx-blob-bin')).toEqual([Buffer.from('bytes')]);
    expect(metadata.get('uberctx-tab')).toEqual(['a%09b']);
    expect(otel.warnings.join('\n')).toMatch(/gRPC metadata cannot hold/);
    const next = tracer.extract(opentracing.FORMAT_TEXT_MAP, metadata);
    expect(next!.getBaggage().getEntry('blob-bin')?.value).toBe('bytes');
    expect(next!.getBaggage().getEntry('tab')?.value).toBe('a\tb');
  });
});

describe('no silent trace split', () => {
  it.each([
    [['tracecontext', 'ottrace']],
    [['tracecontext', 'b3', 'jaeger', 'ottrace']],
  ] as PropagatorName[][][])('a 128-bit trace id survives a round trip through %j', (names) => {
    const tracer = tracerWith(names);
    const span = tracer.startSpan('s');
    const traceId = span.context().toTraceId();
    const next = tracer.extract(opentracing.FORMAT_HTTP_HEADERS, injected(tracer, span));
    expect(next!.toTraceId()).toBe(traceId);
  });

  it('a 64-bit format alone still reads its 64-bit id', () => {
    const tracer = tracerWith(['ottrace']);
    const next = tracer.extract(opentracing.FORMAT_HTTP_HEADERS, {
      'ot-tracer-traceid': 'a3ce929d0e0e4736',
      'ot-tracer-spanid': SPAN_ID,
      'ot-tracer-sampled': 'true',
    });
    expect(next!.toTraceId()).toBe('0000000000000000a3ce929d0e0e4736');
  });
});

describe('one bad value never loses more', () => {
  function revoked(): object {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  }
  const throwingTraps = new Proxy(
    {},
    {
      get: () => {
        throw new Error('trap');
      },
      getPrototypeOf: () => {
        throw new Error('trap');
      },
      ownKeys: () => {
        throw new Error('trap');
      },
    },
  );
  const throwingToJson = {
    toJSON() {
      throw new Error('toJSON');
    },
    get [Symbol.toStringTag](): string {
      throw new Error('tag');
    },
  };

  it.each([
    ['a revoked Proxy', revoked()],
    ['a Proxy whose traps throw', throwingTraps],
    ['toJSON and Symbol.toStringTag that throw', throwingToJson],
  ])('%s as a start tag drops that tag only', (_name, bad) => {
    const tracer = tracerWith(['tracecontext']);
    const parent = tracer.startSpan('parent');
    const span = tracer.startSpan('child', {
      childOf: parent,
      tags: { bad, 'span.kind': 'client', kept: 'yes' },
    });
    span.finish();
    parent.finish();
    const child = otel.span('child');
    expect(child.spanContext().traceId).toBe(otel.span('parent').spanContext().traceId);
    expect(child.attributes.kept).toBe('yes');
    expect('bad' in child.attributes).toBe(false);
  });

  it.each([
    ['a revoked Proxy', revoked()],
    ['a Proxy whose traps throw', throwingTraps],
  ])('%s as a log field drops that field only', (_name, bad) => {
    const span = tracerWith(['tracecontext']).startSpan('s');
    span.log({ event: 'error', 'error.object': bad, message: 'boom', kept: 1 });
    span.log({ event: 'step', bad, kept: 2 });
    span.finish();
    const events = otel.span('s').events;
    expect(events.map((event) => event.name)).toEqual(['exception', 'step']);
    expect(events[0].attributes?.['exception.message']).toBe('boom');
    expect(events[1].attributes?.kept).toBe(2);
  });

  it('a revoked Proxy as the whole tags object: the span still starts in its trace', () => {
    const tracer = tracerWith(['tracecontext']);
    const parent = tracer.startSpan('parent');
    tracer.startSpan('child', { childOf: parent, tags: revoked() }).finish();
    expect(otel.span('child').parentSpanContext?.spanId).toBe(parent.context().toSpanId());
  });

  it.each([null, 42, 'text', () => undefined])('installGlobalTracer(%p) never throws', (arg) => {
    expect(() => installGlobalTracer(arg as never)).not.toThrow();
    expect(opentracing.globalTracer().startSpan('s').context().toTraceId()).toMatch(
      /^[0-9a-f]{32}$/,
    );
    uninstallGlobalTracer();
  });
});

describe('found by attacking the boundary', () => {
  it('baggage properties are measured in bytes: non-ASCII properties are dropped, not inflated', () => {
    const tracer = tracerWith(['tracecontext', 'baggage', 'jaeger', 'ottrace']);
    // Latin-1 bytes as Node hands them over: 8 KB in, under Node's 16 KB limit.
    const incoming = {
      traceparent: TRACEPARENT,
      baggage: `a=1;${'\u00e9'.repeat(4000)},b=2;${'\u00e9'.repeat(4000)}`,
    };
    const context = tracer.extract(opentracing.FORMAT_HTTP_HEADERS, incoming);
    const headers = injected(tracer, tracer.startSpan('client', { childOf: context! }));
    expectAcceptedByNode(headers);
    expect(headerBytes(headers)).toBeLessThan(13 * 1024);
    expect(headers.baggage).toBe('a=1,b=2');
    expect(otel.warnings.join('\n')).toMatch(/properties/);
  });

  it('a text map property with CJK text or a lone surrogate is dropped, its entry kept', () => {
    const tracer = tracerWith(['tracecontext', 'baggage']);
    const context = tracer.extract(opentracing.FORMAT_TEXT_MAP, {
      traceparent: TRACEPARENT,
      baggage: `a=1;${'\u4e2d'.repeat(4000)},b=2;p\uD800,c=3;ok=yes`,
    });
    const headers = injected(tracer, context!);
    expect(headers.baggage).toBe('a=1,b=2,c=3;ok=yes');
  });

  it('binary properties cannot smuggle entries past incomingBaggageKeys', () => {
    const tracer = new TracerShim(otel.tracer, {
      propagators: ['tracecontext', 'baggage'],
      incomingBaggageKeys: ['user'],
    });
    const carrier = new opentracing.BinaryCarrier(
      binaryCarrierOf([
        ['user', 'alice', 'p,tenant.id=victim-corp,role=admin'],
        ['tenant.id', 'evil', ''],
      ]),
    );
    const context = tracer.extract(opentracing.FORMAT_BINARY, carrier);
    const headers = injected(tracer, context!);
    expect(headers.baggage).toBe('user=alice');
  });

  it.each([['constructor'], ['__proto__'], ['toString']])(
    'the propagator name %s is an unknown format, and the other options still apply',
    (name) => {
      const tracer = new TracerShim(otel.tracer, {
        propagators: ['tracecontext', 'baggage', name as PropagatorName],
        incomingBaggageKeys: ['user'],
      });
      const context = tracer.extract(opentracing.FORMAT_HTTP_HEADERS, {
        traceparent: TRACEPARENT,
        baggage: 'user=1,tenant.id=victim',
      });
      expect(
        context!
          .getBaggage()
          .getAllEntries()
          .map(([key]) => key),
      ).toEqual(['user']);
      expect(Object.keys(injected(tracer, context!))).toEqual(['traceparent', 'baggage']);
    },
  );

  it('a trusted-key option that cannot be read trusts no key', () => {
    const options = {
      get incomingBaggageKeys(): string[] {
        throw new Error('unreadable');
      },
    };
    const tracer = new TracerShim(otel.tracer, options);
    const context = tracer.extract(opentracing.FORMAT_HTTP_HEADERS, {
      traceparent: TRACEPARENT,
      baggage: 'tenant.id=victim',
    });
    expect(context!.getBaggage().getAllEntries()).toEqual([]);
  });

  it('a propagator whose fields() hide its formats still stays under the budget', () => {
    const hidden = new JaegerPropagator({ customTraceHeader: 'x-trace' });
    const tracer = new TracerShim(otel.tracer, {
      httpHeadersPropagator: {
        inject: (context, carrier, setter) => {
          propagation.inject(context, carrier, setter);
          hidden.inject(context, carrier, setter);
        },
        extract: (context, carrier, getter) => propagation.extract(context, carrier, getter),
        fields: () => ['traceparent', 'baggage'],
      },
    });
    const incoming = Array.from({ length: 180 }, (_, i) => `key${i}=${'v'.repeat(36)}`).join(',');
    const context = tracer.extract(opentracing.FORMAT_HTTP_HEADERS, {
      traceparent: TRACEPARENT,
      baggage: incoming.slice(0, 8192),
    });
    const headers = injected(tracer, context!);
    expectAcceptedByNode(headers);
    expect(headerBytes(headers)).toBeLessThan(13 * 1024);
  });

  it('W3C baggage read after a legacy format joins its items instead of replacing them', () => {
    const tracer = tracerWith(['jaeger', 'ottrace', 'baggage']);
    const context = tracer.extract(opentracing.FORMAT_HTTP_HEADERS, {
      baggage: 'user=alice',
      'uberctx-tenant': 'acme',
      'ot-baggage-region': 'eu',
    });
    const keys = context!
      .getBaggage()
      .getAllEntries()
      .map(([key]) => key);
    expect(keys.sort()).toEqual(['region', 'tenant', 'user']);
  });

  it('a large plain-object carrier has its keys listed once per extract', () => {
    const headers: Record<string, string> = { TraceParent: TRACEPARENT };
    for (let index = 0; index < 5000; index++) headers[`X-Header-${index}`] = 'v';
    let listings = 0;
    const carrier = new Proxy(headers, {
      ownKeys(target) {
        listings++;
        return Reflect.ownKeys(target);
      },
    });
    const tracer = tracerWith(['tracecontext', 'baggage', 'b3', 'b3multi', 'jaeger', 'ottrace']);
    const context = tracer.extract(opentracing.FORMAT_TEXT_MAP, carrier);
    expect(context!.toTraceId()).toBe(TRACE_ID);
    expect(listings).toBe(1);
  });
});

describe('a start tag that reads once and throws after', () => {
  it('costs that tag only, not the span and its trace', () => {
    const tracer = tracerWith(['tracecontext']);
    const parent = tracer.startSpan('parent');
    let reads = 0;
    const tags = {
      kept: 'yes',
      get flaky(): string {
        reads++;
        if (reads > 1) throw new Error('read twice');
        return 'first';
      },
    };
    tracer.startSpan('child', { childOf: parent, tags }).finish();
    parent.finish();
    const child = otel.span('child');
    expect(child.spanContext().traceId).toBe(parent.context().toTraceId());
    expect(child.attributes.kept).toBe('yes');
  });
});
