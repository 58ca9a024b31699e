import type { HrTime } from '@opentelemetry/api';
import { SpanStatusCode, propagation } from '@opentelemetry/api';
import * as opentracing from 'opentracing';
import { SpanShim, TracerShim } from '../src';
import { setUpOtel } from './support/otel';

const otel = setUpOtel();
const tracer = new TracerShim(otel.tracer);

beforeEach(() => otel.reset());

describe('tags', () => {
  it('sets tags as attributes, one at a time and several at once', () => {
    tracer
      .startSpan('s')
      .setTag('a', 'x')
      .setTag('n', 3)
      .addTags({ b: true, list: [1, 2] })
      .finish();
    expect(otel.span('s').attributes).toEqual({ a: 'x', n: 3, b: true, list: [1, 2] });
  });

  it('sets status ERROR for error=true and OK for error=false, without an error attribute', () => {
    tracer.startSpan('bad').setTag(opentracing.Tags.ERROR, true).finish();
    tracer.startSpan('good').setTag(opentracing.Tags.ERROR, false).finish();
    tracer.startSpan('untouched').finish();
    expect(otel.span('bad').status.code).toBe(SpanStatusCode.ERROR);
    expect(otel.span('bad').attributes).toEqual({});
    expect(otel.span('good').status.code).toBe(SpanStatusCode.OK);
    expect(otel.span('untouched').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('keeps an error tag that is not a boolean as an attribute', () => {
    tracer.startSpan('s').setTag('error', 'timeout').finish();
    expect(otel.span('s').attributes.error).toBe('timeout');
    expect(otel.span('s').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('warns once that span.kind after start cannot change the kind, and keeps it as an attribute', () => {
    tracer.startSpan('s').setTag('span.kind', 'server').setTag('span.kind', 'client').finish();
    expect(otel.span('s').kind).toBe(0);
    expect(otel.span('s').attributes['span.kind']).toBe('client');
    expect(otel.warnings.filter((w) => w.includes('span.kind'))).toHaveLength(1);
  });

  it.each<[string, unknown, unknown]>([
    ['object', { a: 1 }, '{"a":1}'],
    ['nested array', [[1], [2]], '[[1],[2]]'],
    ['mixed array', [1, 'a'], '[1,"a"]'],
    ['bigint', 10n, '10'],
    ['symbol', Symbol('s'), 'Symbol(s)'],
    ['function', function handler() {}, '[function handler]'],
    ['date', new Date(0), '1970-01-01T00:00:00.000Z'],
    ['error', new TypeError('bad'), 'TypeError: bad'],
    ['array with holes', ['a', null, 'b'], ['a', null, 'b']],
  ])('converts a %s tag value to something OTel can hold', (_label, value, expected) => {
    tracer.startSpan('s').setTag('k', value).finish();
    expect(otel.span('s').attributes.k).toEqual(expected);
  });

  it('converts a circular object to text instead of throwing', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    tracer.startSpan('s').setTag('k', circular).finish();
    expect(otel.span('s').attributes.k).toBe('[object Object]');
  });

  it('ignores tags set to undefined or null, as the SDK ignores such attributes, silently', () => {
    tracer
      .startSpan('s')
      .setTag('kept', 'x')
      .setTag('kept', null)
      .setTag('missing', undefined)
      .setTag('error', undefined)
      .setTag('span.kind', null)
      .addTags({ hello: 'stars', from: undefined, to: null })
      .finish();
    expect(otel.span('s').attributes).toEqual({ kept: 'x', hello: 'stars' });
    expect(otel.span('s').status.code).toBe(SpanStatusCode.UNSET);
    expect(otel.warnings).toEqual([]);
  });

  it.each<[string, unknown, SpanStatusCode]>([
    ['true', true, SpanStatusCode.ERROR],
    ["'true'", 'true', SpanStatusCode.ERROR],
    ['false', false, SpanStatusCode.OK],
    ["'false'", 'false', SpanStatusCode.OK],
  ])('maps error=%s to the status through setTag and addTags alike', (_label, value, code) => {
    tracer.startSpan('one').setTag('error', value).finish();
    tracer.startSpan('several').addTags({ hello: 'stars', error: value }).finish();
    for (const name of ['one', 'several']) {
      expect(otel.span(name).status.code).toBe(code);
      expect(otel.span(name).attributes.error).toBeUndefined();
    }
    expect(otel.span('several').attributes.hello).toBe('stars');
  });

  it('keeps an empty error tag as an attribute, and OK once set (OpenTelemetry makes OK final)', () => {
    // The SDK ignores any status change after OK: error=true after error=false stays OK.
    const span = tracer.startSpan('s').setTag('error', '');
    expect(otel.warnings.filter((w) => w.includes('`error` tag'))).toHaveLength(1);
    span.setTag('error', true).setTag('error', false).setTag('error', true).finish();
    expect(otel.span('s').status.code).toBe(SpanStatusCode.OK);
    expect(otel.span('s').attributes.error).toBe('');
  });

  it('reads only own properties of addTags’ object, as the SDK reads attributes', () => {
    const defaults = { inherited: 'no', error: true };
    const tags = Object.assign(Object.create(defaults) as Record<string, unknown>, { own: 'yes' });
    tracer.startSpan('s').addTags(tags).finish();
    expect(otel.span('s').attributes).toEqual({ own: 'yes' });
    expect(otel.span('s').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('ignores an empty tag key with a warning', () => {
    tracer.startSpan('s').setTag('', 1).finish();
    expect(otel.span('s').attributes).toEqual({});
    expect(otel.warnings).toHaveLength(1);
  });
});

describe('logs', () => {
  it('names the event by the event field and keeps every field, event included, as attributes', () => {
    const at = Date.UTC(2024, 5, 1);
    tracer.startSpan('s').log({ event: 'cache.miss', key: 'user:1' }, at).finish();
    const [event] = otel.span('s').events;
    expect(event.name).toBe('cache.miss');
    expect(event.attributes).toEqual({ event: 'cache.miss', key: 'user:1' });
    expect(event.time).toEqual([at / 1000, 0]);
  });

  it('keeps an event field that is not a string as an attribute of a "log" event', () => {
    tracer.startSpan('s').log({ event: 7, key: 'k' }).finish();
    expect(otel.span('s').events[0]).toMatchObject({
      name: 'log',
      attributes: { event: 7, key: 'k' },
    });
  });

  it('leaves out log fields set to undefined or null, and an event field among them', () => {
    tracer.startSpan('s').log({ event: undefined, gone: null, kept: 1 }).finish();
    expect(otel.span('s').events[0]).toMatchObject({ name: 'log', attributes: { kept: 1 } });
    expect(Object.keys(otel.span('s').events[0].attributes!)).toEqual(['kept']);
  });

  it('reads only own log fields: an inherited event field names nothing', () => {
    const fields = Object.assign(Object.create({ event: 'error', inherited: 1 }) as object, {
      own: 2,
    });
    tracer.startSpan('s').log(fields).finish();
    expect(otel.span('s').events[0]).toEqual(
      expect.objectContaining({ name: 'log', attributes: { own: 2 } }),
    );
  });

  it('names an event without an event field "log"', () => {
    tracer.startSpan('s').log({ message: 'hello', count: 2 }).finish();
    expect(otel.span('s').events[0]).toMatchObject({
      name: 'log',
      attributes: { message: 'hello', count: 2 },
    });
  });

  it('records an error log with an error object as an exception event with the other fields', () => {
    const error = new RangeError('out of range');
    tracer.startSpan('s').log({ event: 'error', 'error.object': error, retry: 3 }).finish();
    const [event] = otel.span('s').events;
    expect(event.name).toBe('exception');
    expect(event.attributes).toEqual({
      event: 'error',
      'exception.type': 'RangeError',
      'exception.message': 'out of range',
      'exception.stacktrace': error.stack,
      retry: 3,
    });
  });

  it('builds an exception event from error.kind, message and stack fields', () => {
    tracer
      .startSpan('s')
      .log({ event: 'error', 'error.kind': 'Timeout', message: 'took too long', stack: 'at x' })
      .finish();
    expect(otel.span('s').events[0]).toMatchObject({
      name: 'exception',
      attributes: {
        'exception.type': 'Timeout',
        'exception.message': 'took too long',
        'exception.stacktrace': 'at x',
      },
    });
  });

  it('lets explicit error.kind and message win over the error object', () => {
    tracer
      .startSpan('s')
      .log({
        event: 'error',
        'error.object': new Error('inner'),
        'error.kind': 'DbError',
        message: 'outer',
      })
      .finish();
    expect(otel.span('s').events[0].attributes).toMatchObject({
      'exception.type': 'DbError',
      'exception.message': 'outer',
    });
  });

  it('takes a string error.object (throw "text") as the exception message, keeping the rest', () => {
    tracer
      .startSpan('s')
      .log({ event: 'error', 'error.object': 'connection reset', fault: 'upstream' })
      .finish();
    expect(otel.span('s').events[0]).toEqual(
      expect.objectContaining({
        name: 'exception',
        attributes: {
          event: 'error',
          fault: 'upstream',
          'exception.message': 'connection reset',
        },
      }),
    );
  });

  it('keeps an error.object that is neither an error nor a string as an attribute', () => {
    tracer.startSpan('s').log({ event: 'error', 'error.object': 503 }).finish();
    expect(otel.span('s').events[0].attributes).toEqual({ event: 'error', 'error.object': 503 });
  });

  it('maps error.kind, message and stack without repeating them, keeping the other fields', () => {
    tracer
      .startSpan('s')
      .log({
        event: 'error',
        fault: 'disk',
        'error.kind': 'IOError',
        message: 'full',
        stack: 'at y',
      })
      .finish();
    expect(otel.span('s').events[0].attributes).toEqual({
      event: 'error',
      fault: 'disk',
      'exception.type': 'IOError',
      'exception.message': 'full',
      'exception.stacktrace': 'at y',
    });
  });

  it('records logEvent with a plain-object payload as an event of the payload’s fields', () => {
    const span = tracer.startSpan('s');
    span.logEvent('retry', { attempt: 2, reason: 'timeout', skipped: undefined });
    span.logEvent('named', { event: 'other', n: 1 });
    span.logEvent('plain', undefined);
    span.finish();
    const events = otel.span('s').events.map(({ name, attributes }) => ({ name, attributes }));
    expect(events).toEqual([
      { name: 'retry', attributes: { attempt: 2, reason: 'timeout' } },
      // The name given to logEvent wins; the payload's own event field stays a field.
      { name: 'named', attributes: { event: 'other', n: 1 } },
      { name: 'plain', attributes: {} },
    ]);
  });

  it('records logEvent("error", fields) with the exception conventions', () => {
    const error = new TypeError('bad input');
    const span = tracer.startSpan('s');
    span.logEvent('error', { 'error.object': error, attempt: 3 });
    span.logEvent('error', { 'error.object': 'boom', fault: 'meow' });
    span.logEvent('error', { 'error.kind': 'Timeout', message: 'slow', stack: 'at z', x: 1 });
    span.finish();
    const attributes = otel.span('s').events.map((event) => [event.name, event.attributes]);
    expect(attributes).toEqual([
      [
        'exception',
        {
          attempt: 3,
          'exception.type': 'TypeError',
          'exception.message': 'bad input',
          'exception.stacktrace': error.stack,
        },
      ],
      ['exception', { fault: 'meow', 'exception.message': 'boom' }],
      [
        'exception',
        {
          x: 1,
          'exception.type': 'Timeout',
          'exception.message': 'slow',
          'exception.stacktrace': 'at z',
        },
      ],
    ]);
  });

  it.each<[string, unknown, unknown]>([
    ['an array', [1, 2], [1, 2]],
    ['a string', 'text', 'text'],
    ['an Error', new RangeError('r'), 'RangeError: r'],
    ['a Date', new Date(0), '1970-01-01T00:00:00.000Z'],
    [
      'a class instance',
      new (class Point {
        x = 1;
      })(),
      '{"x":1}',
    ],
  ])('records a logEvent payload that is %s as the payload attribute', (_label, payload, value) => {
    const span = tracer.startSpan('t');
    span.logEvent('e', payload);
    span.finish();
    expect(otel.span('t').events[0]).toEqual(
      expect.objectContaining({ name: 'e', attributes: { payload: value } }),
    );
  });

  it('converts a logEvent name that is not a string to text, with a warning', () => {
    const span = tracer.startSpan('s');
    span.logEvent(42 as unknown as string, { a: 1 });
    span.finish();
    expect(otel.span('s').events[0]).toEqual(
      expect.objectContaining({ name: '42', attributes: { a: 1 } }),
    );
    expect(otel.warnings).toHaveLength(1);
  });

  it('records array or Date log fields as fields, never as the event time', () => {
    const at = Date.UTC(2024, 5, 1);
    const span = tracer.startSpan('s');
    span.log([5, 7] as unknown as Record<string, unknown>, at);
    span.log(new Date(0) as unknown as Record<string, unknown>, at);
    span.finish();
    const events = otel.span('s').events;
    expect(events.map(({ name, attributes, time }) => ({ name, attributes, time }))).toEqual([
      { name: 'log', attributes: { 0: 5, 1: 7 }, time: [at / 1000, 0] },
      { name: 'log', attributes: {}, time: [at / 1000, 0] },
    ]);
  });

  it('keeps a log called without an object as its message', () => {
    tracer
      .startSpan('s')
      .log('plain text' as unknown as Record<string, unknown>)
      .finish();
    expect(otel.span('s').events[0]).toMatchObject({
      name: 'log',
      attributes: { message: 'plain text' },
    });
  });
});

/** Milliseconds since the epoch of an OTel time. */
function millis(time: HrTime): number {
  return time[0] * 1000 + time[1] / 1e6;
}

/** The epoch time of a performance.now() reading, dated with the clocks as they are now. */
function epochOfReading(reading: number): number {
  return reading + (Date.now() - performance.now());
}

describe('performance.now() readings as timestamps', () => {
  // Half the process's age ago: a reading that, taken for epoch milliseconds, would be in 1970.
  const pastReading = () => performance.now() / 2;

  it('dates a start, a log and a finish given as readings, as the SDK dates them', () => {
    const startReading = pastReading();
    const span = tracer.startSpan('s', { startTime: startReading });
    const logReading = performance.now() * 0.75;
    span.log({ event: 'step' }, logReading);
    const endReading = performance.now();
    span.finish(endReading);
    const exported = otel.span('s');
    expect(millis(exported.startTime)).toBeCloseTo(epochOfReading(startReading), -1);
    expect(millis(exported.events[0].time)).toBeCloseTo(epochOfReading(logReading), -1);
    expect(millis(exported.endTime)).toBeCloseTo(epochOfReading(endReading), -1);
    expect(millis(exported.duration)).toBeCloseTo(endReading - startReading, 0);
    expect(otel.warnings).toEqual([]);
  });

  it('ends at the current time when a reading precedes the start, as an epoch time would', () => {
    const start = Date.now();
    tracer.startSpan('s', { startTime: start }).finish(pastReading());
    expect(millis(otel.span('s').endTime)).toBeGreaterThanOrEqual(start);
    expect(otel.warnings).toEqual([expect.stringContaining('before the span started')]);
  });

  it('ends a span finished with a reading just taken at that reading, however short the span', () => {
    // Each span lasts at most from a reading taken before its start to the reading it ends at (a
    // bound the machine's load cannot break); 0.5 ms covers the conversion to epoch time.
    const longest: number[] = [];
    for (let i = 0; i < 50; i++) {
      const before = performance.now();
      const span = tracer.startSpan('short');
      const reading = performance.now();
      span.finish(reading);
      longest.push(reading - before);
    }
    const spans = otel.spans();
    expect(spans).toHaveLength(50);
    spans.forEach((span, i) => {
      expect(millis(span.duration)).toBeGreaterThanOrEqual(0);
      expect(millis(span.duration)).toBeLessThanOrEqual(longest[i] + 0.5);
    });
    expect(otel.warnings).toEqual([]);
  });

  it('still reads a number above performance.now() as milliseconds since the epoch', () => {
    const start = Date.UTC(2024, 0, 2) + 0.25;
    tracer.startSpan('s', { startTime: start }).finish(start + 10);
    expect(otel.span('s').startTime).toEqual([Math.floor(start / 1000), 250_000]);
    expect(millis(otel.span('s').duration)).toBe(10);
  });
});

describe('finish and operation name', () => {
  it('renames the span', () => {
    tracer.startSpan('old').setOperationName('new').finish();
    expect(otel.spans().map((s) => s.name)).toEqual(['new']);
  });

  it('ignores a second finish and later calls, warning once', () => {
    const span = tracer.startSpan('s');
    span.finish();
    span.finish();
    span.setTag('late', 1).log({ late: true });
    expect(otel.spans()).toHaveLength(1);
    expect(otel.span('s').attributes.late).toBeUndefined();
    expect(otel.warnings.filter((w) => w.includes('after `finish`'))).toHaveLength(1);
  });

  it('uses the current time when a timestamp is not a usable number of milliseconds', () => {
    const before = Date.now();
    tracer.startSpan('s', { startTime: Number.NaN }).finish(-5);
    const start = otel.span('s').startTime;
    expect(start[0] * 1000 + start[1] / 1e6).toBeGreaterThanOrEqual(before - 1);
    expect(otel.warnings.filter((w) => w.includes('timestamp'))).toHaveLength(1);
  });

  it('starts a span given a start time in the future now, and warns once', () => {
    const before = Date.now();
    tracer.startSpan('s', { startTime: before + 3_600_000 }).finish();
    const future = new Date(before + 3_600_000) as unknown as number;
    tracer.startSpan('date', { startTime: future }).finish();
    for (const name of ['s', 'date']) {
      expect(millis(otel.span(name).startTime)).toBeLessThan(before + 1000);
    }
    expect(otel.warnings).toEqual([expect.stringContaining('in the future')]);
  });

  it('takes a Date as a start or finish time', () => {
    const start = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6));
    tracer
      .startSpan('s', { startTime: start as unknown as number })
      .finish(new Date(start.getTime() + 20) as unknown as number);
    expect(otel.span('s').startTime).toEqual([Math.floor(start.getTime() / 1000), 6_000_000]);
    expect(millis(otel.span('s').duration)).toBe(20);
  });

  it('ends a span at the current time when the finish time precedes its start', () => {
    const start = Date.now() - 1000;
    tracer.startSpan('s', { startTime: start }).finish(start - 5000);
    const duration = otel.span('s').duration;
    expect(duration[0] * 1000 + duration[1] / 1e6).toBeGreaterThanOrEqual(999);
    expect(otel.warnings).toEqual([expect.stringContaining('before the span started')]);
  });
});

describe('baggage', () => {
  it('sets and gets baggage items on the span', () => {
    const span = tracer.startSpan('s').setBaggageItem('user.id', '42');
    expect(span.getBaggageItem('user.id')).toBe('42');
    expect(span.context().getBaggageItem('user.id')).toBe('42');
    expect(span.getBaggageItem('missing')).toBeUndefined();
  });

  it('replaces the span context on set, leaving contexts handed out before unchanged', () => {
    const span = tracer.startSpan('s');
    const before = span.context();
    span.setBaggageItem('user.id', '42');
    const after = span.context();
    expect(after).not.toBe(before);
    expect(before.getBaggageItem('user.id')).toBeUndefined();
    expect(after.getBaggageItem('user.id')).toBe('42');
    expect(after.toSpanId()).toBe(before.toSpanId());
  });

  it('reaches children started afterwards and every later inject', () => {
    const parent = tracer.startSpan('parent');
    const earlyChild = tracer.startSpan('early', { childOf: parent });
    parent.setBaggageItem('user.id', '42');
    const lateChild = tracer.startSpan('late', { childOf: parent });
    const grandChild = tracer.startSpan('grand', { childOf: lateChild });
    expect(earlyChild.getBaggageItem('user.id')).toBeUndefined();
    expect(lateChild.getBaggageItem('user.id')).toBe('42');
    expect(grandChild.getBaggageItem('user.id')).toBe('42');
    const headers: Record<string, string> = {};
    tracer.inject(parent, opentracing.FORMAT_HTTP_HEADERS, headers);
    expect(headers.baggage).toBe('user.id=42');
  });

  it('keeps a child’s items from its parent, and lets the child override a parent’s item', () => {
    const parent = tracer.startSpan('parent').setBaggageItem('tier', 'gold');
    const child = tracer.startSpan('child', { childOf: parent });
    child.setBaggageItem('tier', 'silver').setBaggageItem('step', '2');
    expect(child.getBaggageItem('tier')).toBe('silver');
    expect(child.getBaggageItem('step')).toBe('2');
    expect(parent.getBaggageItem('tier')).toBe('gold');
    expect(parent.getBaggageItem('step')).toBeUndefined();
  });

  it('converts non-string keys and values to text with a warning', () => {
    const span = tracer
      .startSpan('s')
      .setBaggageItem(7 as unknown as string, 8 as unknown as string);
    expect(span.getBaggageItem('7')).toBe('8');
    expect(otel.warnings).toHaveLength(1);
  });
});

describe('baggage with lone surrogates', () => {
  it('replaces a lone surrogate so the other items still propagate', () => {
    const span = tracer
      .startSpan('s')
      .setBaggageItem('a', '1')
      .setBaggageItem('b', 'caf\uD83D')
      .setBaggageItem('c', '3');
    expect(span.getBaggageItem('b')).toBe('caf\uFFFD');
    const headers: Record<string, string> = {};
    tracer.inject(span, opentracing.FORMAT_HTTP_HEADERS, headers);
    expect(headers.baggage).toBe('a=1,b=caf%EF%BF%BD,c=3');
  });
});

describe('the SpanShim constructor', () => {
  const baggage = propagation.createBaggage({ tenant: { value: 'acme' } });

  it("takes a Baggage as its third argument, as @opentelemetry/shim-opentracing's does", () => {
    const tracer = new TracerShim(otel.tracer);
    const shim = new SpanShim(tracer, otel.tracer.startSpan('s'), baggage);
    expect(shim.getBaggageItem('tenant')).toBe('acme');
    shim.finish();
  });

  it('takes options, and defaults to no baggage', () => {
    const tracer = new TracerShim(otel.tracer);
    const withOptions = new SpanShim(tracer, otel.tracer.startSpan('s'), { baggage });
    expect(withOptions.getBaggageItem('tenant')).toBe('acme');
    const bare = new SpanShim(tracer, otel.tracer.startSpan('s'));
    expect(bare.getBaggageItem('tenant')).toBeUndefined();
  });
});
