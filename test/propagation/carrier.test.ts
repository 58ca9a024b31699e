import { Metadata } from '@grpc/grpc-js';
import { OutgoingMessage } from 'node:http';
import * as opentracing from 'opentracing';
import type { SpanContextShim } from '../../src';
import { TracerShim } from '../../src';
import { setUpOtel } from '../support/otel';

const otel = setUpOtel();
const tracer = new TracerShim(otel.tracer, { propagators: ['tracecontext', 'baggage', 'jaeger'] });
const jaegerOnly = new TracerShim(otel.tracer, { propagators: ['jaeger'] });
const HTTP = opentracing.FORMAT_HTTP_HEADERS;
const TEXT = opentracing.FORMAT_TEXT_MAP;

beforeEach(() => otel.reset());

function spanWithBaggage() {
  return tracer.startSpan('s').setBaggageItem('user.id', '42');
}

function expectSameContext(extracted: SpanContextShim | null, span: opentracing.Span): void {
  expect(extracted?.toTraceId()).toBe(span.context().toTraceId());
  expect(extracted?.toSpanId()).toBe(span.context().toSpanId());
  expect(extracted?.getBaggageItem('user.id')).toBe('42');
}

describe('carriers', () => {
  it('reads plain objects ignoring the case of keys', () => {
    const span = spanWithBaggage();
    const headers: Record<string, string> = {};
    tracer.inject(span, HTTP, headers);
    const shouting = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]),
    );
    expectSameContext(tracer.extract(HTTP, shouting), span);
  });

  // Among a carrier's other keys, as in a real request, and only among its own keys.
  it.each([
    ['a few keys', 3],
    ['many keys', 40],
  ])('reads a key in another case in a carrier with %s', (_, otherKeys) => {
    const span = spanWithBaggage();
    const headers: Record<string, string> = {};
    tracer.inject(span, HTTP, headers);
    const carrier: Record<string, string> = {};
    for (let index = 0; index < otherKeys; index++) carrier[`x-other-${index}`] = 'v';
    carrier.TraceParent = headers.traceparent;
    carrier.BAGGAGE = headers.baggage;
    expectSameContext(tracer.extract(HTTP, carrier), span);
  });

  it('does not read keys a carrier inherits', () => {
    const span = spanWithBaggage();
    const headers: Record<string, string> = {};
    tracer.inject(span, HTTP, headers);
    const inherited = Object.create({ TraceParent: headers.traceparent }) as object;
    expect(tracer.extract(HTTP, inherited)).toBeNull();
  });

  it('reads Node incoming-header shapes: array values, Buffers, numbers', () => {
    const span = spanWithBaggage();
    const headers: Record<string, string> = {};
    tracer.inject(span, HTTP, headers);
    expectSameContext(
      tracer.extract(HTTP, {
        traceparent: [headers.traceparent],
        baggage: Buffer.from(headers.baggage),
        'content-length': 12,
      }),
      span,
    );
  });

  it('writes and reads fetch Headers', () => {
    const span = spanWithBaggage();
    const headers = new Headers();
    tracer.inject(span, HTTP, headers);
    expect(headers.get('traceparent')).toContain(span.context().toSpanId());
    expectSameContext(tracer.extract(HTTP, headers), span);
  });

  it('writes and reads gRPC Metadata', () => {
    const span = spanWithBaggage();
    const metadata = new Metadata();
    tracer.inject(span, TEXT, metadata);
    expect(metadata.get('uberctx-user.id')).toEqual(['42']);
    expectSameContext(tracer.extract(TEXT, metadata), span);
  });

  it('reads a Metadata look-alike without a Map of its own through getMap()', () => {
    class MetadataLookAlike {
      readonly entries = new Map<string, string[]>();
      get(key: string): string[] {
        return this.entries.get(key) ?? [];
      }
      set(key: string, value: string): void {
        this.entries.set(key, [value]);
      }
      getMap(): Record<string, string> {
        return Object.fromEntries([...this.entries].map(([key, [value]]) => [key, value]));
      }
    }
    const span = spanWithBaggage();
    const lookAlike = new MetadataLookAlike();
    const listed = jest.spyOn(lookAlike, 'getMap');
    tracer.inject(span, TEXT, lookAlike);
    expect(lookAlike.get('uberctx-user.id')).toEqual(['42']);
    expectSameContext(tracer.extract(TEXT, lookAlike), span);
    expect(listed).toHaveBeenCalled();
  });

  // The keys of a Metadata are read from grpc-js's own Map only where nothing else can hold any.
  // Jaeger's baggage (`uberctx-*`) is found by listing the keys: read with it alone.
  it('lists the keys of a Metadata subclass that reads entries from elsewhere through getMap()', () => {
    class LayeredMetadata extends Metadata {
      constructor(private readonly base: Metadata) {
        super();
      }
      override get(key: string) {
        const own = super.get(key);
        return own.length > 0 ? own : this.base.get(key);
      }
      override getMap() {
        return { ...this.base.getMap(), ...super.getMap() };
      }
    }
    const span = spanWithBaggage();
    const base = new Metadata();
    jaegerOnly.inject(span, TEXT, base);
    expectSameContext(jaegerOnly.extract(TEXT, new LayeredMetadata(base)), span);
  });

  it('lists the keys of a Metadata whose Map cannot list its keys through getMap()', () => {
    class KeysUnreadable<K, V> extends Map<K, V> {
      override keys(): MapIterator<K> {
        throw new Error('unreadable');
      }
    }
    const span = spanWithBaggage();
    const metadata = new Metadata();
    jaegerOnly.inject(span, TEXT, metadata);
    const store = (metadata as unknown as { internalRepr: Map<string, unknown[]> }).internalRepr;
    Object.assign(metadata, { internalRepr: new KeysUnreadable(store) });
    expectSameContext(jaegerOnly.extract(TEXT, metadata), span);
  });

  it('lists the keys of a Metadata with a getMap() of its own through it', () => {
    const span = spanWithBaggage();
    const metadata = new Metadata();
    jaegerOnly.inject(span, TEXT, metadata);
    const entries = metadata.getMap();
    // Its own Map emptied: only getMap() has the entries.
    Object.assign(metadata, { getMap: () => entries, internalRepr: new Map() });
    Object.assign(metadata, { get: (key: string) => (key in entries ? [entries[key]] : []) });
    expectSameContext(jaegerOnly.extract(TEXT, metadata), span);
  });

  it('writes and reads Node outgoing messages (setHeader/getHeader)', () => {
    const span = spanWithBaggage();
    const message = new OutgoingMessage();
    tracer.inject(span, HTTP, message);
    expect(message.getHeader('traceparent')).toContain(span.context().toSpanId());
    expectSameContext(tracer.extract(HTTP, message), span);
  });

  it('writes into publish options headers and reads an amqplib message', () => {
    const span = spanWithBaggage();
    const publishOptions = { headers: {} as Record<string, unknown> };
    tracer.inject(span, TEXT, publishOptions.headers);
    const message = {
      content: Buffer.from('{}'),
      fields: {},
      properties: { headers: publishOptions.headers },
    };
    expectSameContext(tracer.extract(TEXT, message), span);
    const bare = {
      content: Buffer.from('{}'),
      fields: {},
      properties: {} as { headers?: Record<string, unknown> },
    };
    tracer.inject(span, TEXT, bare);
    expect(bare.properties.headers?.traceparent).toBeDefined();
  });

  it('reports a carrier that refuses writes once, without throwing', () => {
    const span = spanWithBaggage();
    const sent = new OutgoingMessage();
    Object.defineProperty(sent, 'headersSent', { value: true });
    expect(() => tracer.inject(span, HTTP, sent)).not.toThrow();
    expect(() => tracer.inject(span, HTTP, Object.freeze({}))).not.toThrow();
    expect(otel.warnings.filter((w) => w.includes('refused a write'))).toHaveLength(1);
  });
});

describe('header safety', () => {
  const CONTROL = /[\r\n\0]/;

  it.each([
    ['CR LF in a value', 'user.id', '42\r\nX-Injected: yes'],
    ['CR LF in a key', 'user\r\nX-Injected: yes', '42'],
    ['non-ASCII', 'ключ', 'значение ✓'],
    ['separators', 'a key;with=separators,', 'v;a=l,u e'],
  ])('never writes %s raw, in any format, and reads it back', (_label, key, value) => {
    const all = new TracerShim(otel.tracer, {
      propagators: ['tracecontext', 'baggage', 'jaeger', 'ottrace'],
    });
    const span = all.startSpan('s').setBaggageItem(key, value);
    const headers: Record<string, string> = {};
    all.inject(span, HTTP, headers);
    for (const [name, text] of Object.entries(headers)) {
      expect(name).toMatch(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/);
      expect(text).not.toMatch(CONTROL);
      expect(text).toMatch(/^[\t\x20-\x7e]*$/);
    }
    for (const format of [['baggage'], ['jaeger'], ['ottrace']] as const) {
      const reader = new TracerShim(otel.tracer, { propagators: ['tracecontext', ...format] });
      // Header names arrive lower-cased over HTTP, so legacy-format baggage keys do too.
      const lowerCased = Object.fromEntries(
        Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]),
      );
      const extracted = reader.extract(HTTP, lowerCased);
      const expectedKey = format[0] === 'baggage' ? key : key.toLowerCase();
      expect(extracted?.getBaggageItem(expectedKey)).toBe(value);
    }
  });
});

describe('incoming baggage', () => {
  it('keeps only trusted keys when a filter is set (list or predicate)', () => {
    const list = new TracerShim(otel.tracer, { incomingBaggageKeys: ['user.id'] });
    const predicate = new TracerShim(otel.tracer, {
      incomingBaggageKeys: (key) => key.startsWith('user.'),
    });
    const carrier = { baggage: 'user.id=1,tenant.id=evil,user.name=ann' };
    const fromList = list.extract(HTTP, carrier)!;
    expect(
      fromList
        .getBaggage()
        .getAllEntries()
        .map(([k]) => k),
    ).toEqual(['user.id']);
    const fromPredicate = predicate.extract(HTTP, carrier)!;
    expect(
      fromPredicate
        .getBaggage()
        .getAllEntries()
        .map(([k]) => k),
    ).toEqual(['user.id', 'user.name']);
    expect(list.extract(HTTP, { baggage: 'tenant.id=evil' })).toBeNull();
  });

  it('cuts Jaeger baggage beyond 180 entries with one warning', () => {
    const jaeger = new TracerShim(otel.tracer, { propagators: ['jaeger'] });
    const carrier: Record<string, string> = { 'uber-trace-id': 'abc:def:0:1' };
    for (let i = 0; i < 250; i++) carrier[`uberctx-k${i}`] = 'v';
    const extracted = jaeger.extract(HTTP, carrier)!;
    expect(extracted.getBaggage().getAllEntries()).toHaveLength(180);
    expect(otel.warnings).toEqual([expect.stringContaining('W3C limits')]);
  });

  it('cuts baggage beyond 8192 bytes', () => {
    const jaeger = new TracerShim(otel.tracer, { propagators: ['jaeger'] });
    const carrier: Record<string, string> = { 'uber-trace-id': 'abc:def:0:1' };
    for (let i = 0; i < 10; i++) carrier[`uberctx-k${i}`] = 'x'.repeat(1000);
    const entries = jaeger.extract(HTTP, carrier)!.getBaggage().getAllEntries();
    expect(entries).toHaveLength(8);
    const bytes = entries.reduce(
      (sum, [k, e]) => sum + k.length + 1 + e.value.length,
      entries.length - 1,
    );
    expect(bytes).toBeLessThanOrEqual(8192);
  });
});

describe('more carrier shapes', () => {
  it('reads legacy baggage headers whatever their case', () => {
    const jaeger = new TracerShim(otel.tracer, { propagators: ['jaeger'] });
    const extracted = jaeger.extract(TEXT, {
      'Uber-Trace-Id': 'abc:def:0:1',
      'Uberctx-User': 'u1',
    });
    expect(extracted?.getBaggageItem('user')).toBe('u1');
  });

  it('does not add headers to an amqplib message on extract', () => {
    const message = { content: Buffer.from(''), properties: { contentType: 'a' } };
    expect(tracer.extract(TEXT, message)).toBeNull();
    expect(message.properties).toEqual({ contentType: 'a' });
  });

  it('writes into Maps and Headers look-alikes from other libraries', () => {
    class OtherHeaders {
      private readonly map = new Map<string, string>();
      get(name: string) {
        return this.map.get(name.toLowerCase()) ?? null;
      }
      set(name: string, value: string) {
        this.map.set(name.toLowerCase(), value);
      }
      has(name: string) {
        return this.map.has(name.toLowerCase());
      }
      keys() {
        return this.map.keys();
      }
    }
    const span = spanWithBaggage();
    for (const carrier of [new OtherHeaders(), new Map<string, string>()]) {
      tracer.inject(span, HTTP, carrier);
      expect(carrier.get('traceparent')).toContain(span.context().toSpanId());
      expectSameContext(tracer.extract(HTTP, carrier), span);
    }
  });
});
