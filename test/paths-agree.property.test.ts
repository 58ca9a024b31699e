// Property-based checks that the fast paths and the general paths implement one rule: the same
// tags, log fields and references, sent once down the path the bridge picks for them and once
// down the converting path, give identical exported spans. FC_RUNS sets the number of runs.
import type { Context } from '@opentelemetry/api';
import { ROOT_CONTEXT, context, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import fc from 'fast-check';
import * as opentracing from 'opentracing';
import type { SemanticConventionsMode } from '../src';
import { TracerShim } from '../src';
import { setUpOtel } from './support/otel';
import { quickExpect } from './support/quick-expect';

const otel = setUpOtel();
const numRuns = Number(process.env.FC_RUNS ?? 1000);

beforeEach(() => otel.reset());

/** A key no generated object holds: the paths below add it to force the converting path. */
const ADDED_KEY = '\u0000added by the test';

const tagKey = fc.oneof(
  fc.constantFrom(
    'span.kind',
    'error',
    'http.status_code',
    'http.method',
    'peer.hostname',
    'peer.port',
    'db.type',
    'sampling.priority',
    'component',
    'event',
    'message',
    'stack',
    'error.kind',
    'error.object',
    '',
  ),
  fc.string({ maxLength: 8 }),
);

const tagValue = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('server', 'CLIENT', 'producer', 'true', 'false', '500', 'GET', 'sql'),
  fc.integer({ min: -1, max: 600 }),
  fc.double(),
  fc.boolean(),
  fc.constantFrom(undefined, null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
  fc.constantFrom(new Date(0), new RangeError('out of range'), 10n, Symbol('s')),
);

/** Tags or log fields; `__proto__` is left out, as a data property of that name is no field. */
const fieldsArbitrary = fc
  .uniqueArray(fc.tuple(tagKey, tagValue), {
    selector: ([key]) => key,
    maxLength: 6,
  })
  .map((entries) => entries.filter(([key]) => key !== '__proto__' && key !== ADDED_KEY));

/** A plain object with exactly these own fields. */
function plain(entries: [string, unknown][]): Record<string, unknown> {
  return Object.fromEntries(entries);
}

/** The same own fields over a prototype full of fields that must be ignored. */
function inheriting(entries: [string, unknown][]): Record<string, unknown> {
  const defaults = {
    'span.kind': 'server',
    error: true,
    event: 'error',
    'error.object': new Error('inherited'),
    inherited: 'no',
  };
  const object = Object.create(defaults) as Record<string, unknown>;
  for (const [key, value] of entries) {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true });
  }
  return object;
}

/** The same fields plus one without a value: no longer plain, so converted field by field. */
function withValuelessField(entries: [string, unknown][]): Record<string, unknown> {
  return { ...plain(entries), [ADDED_KEY]: undefined };
}

/** The same fields plus one whose getter throws: the log's guarded path reads them again. */
function withThrowingField(entries: [string, unknown][]): Record<string, unknown> {
  return Object.defineProperty(plain(entries), ADDED_KEY, {
    enumerable: true,
    get: () => {
      throw new Error('hostile');
    },
  });
}

/** What the paths must agree on: everything but ids, times and the span's name. */
function describeSpan(span: ReadableSpan, labels: Map<string, string>): unknown {
  const label = (id: string | undefined) =>
    id === undefined ? undefined : (labels.get(id) ?? 'new');
  return {
    kind: span.kind,
    status: span.status,
    attributes: span.attributes,
    events: span.events.map(({ name, attributes }) => ({ name, attributes })),
    parent: label(span.parentSpanContext?.spanId),
    trace: label(span.spanContext().traceId),
    links: span.links.map((link) => ({
      to: label(link.context.spanId),
      attributes: link.attributes,
    })),
  };
}

function exported(name: string): unknown {
  return describeSpan(otel.span(name), new Map());
}

describe('start tags: the plain-object fast path and the converting path agree', () => {
  it('tags as they are, with a valueless field added, and over an inheriting prototype', () => {
    fc.assert(
      fc.property(
        fieldsArbitrary,
        fc.constantFrom<SemanticConventionsMode>('opentracing', 'otel', 'both'),
        (entries, semanticConventions) => {
          otel.reset();
          const tracer = new TracerShim(otel.tracer, { semanticConventions });
          tracer.startSpan('as is', { tags: plain(entries) }).finish();
          tracer.startSpan('converted', { tags: withValuelessField(entries) }).finish();
          tracer.startSpan('inheriting', { tags: inheriting(entries) }).finish();
          const expected = exported('as is');
          quickExpect(exported('converted')).toEqual(expected);
          quickExpect(exported('inheriting')).toEqual(expected);
        },
      ),
      { numRuns },
    );
  });

  it('start tags, setTag per tag and addTags, when no span.kind makes start special', () => {
    fc.assert(
      fc.property(
        fieldsArbitrary.map((entries) => entries.filter(([key]) => key !== 'span.kind')),
        fc.constantFrom<SemanticConventionsMode>('opentracing', 'otel', 'both'),
        (entries, semanticConventions) => {
          otel.reset();
          const tracer = new TracerShim(otel.tracer, { semanticConventions });
          tracer.startSpan('at start', { tags: plain(entries) }).finish();
          const one = tracer.startSpan('setTag');
          for (const [key, value] of entries) one.setTag(key, value);
          one.finish();
          tracer.startSpan('addTags').addTags(plain(entries)).finish();
          tracer.startSpan('addTags inheriting').addTags(inheriting(entries)).finish();
          const expected = exported('at start');
          quickExpect(exported('setTag')).toEqual(expected);
          quickExpect(exported('addTags')).toEqual(expected);
          quickExpect(exported('addTags inheriting')).toEqual(expected);
        },
      ),
      { numRuns },
    );
  });
});

describe('log fields: the one-pass path and the guarded path agree', () => {
  const errorValue = fc.constantFrom<unknown>(
    new TypeError('bad'),
    { message: 'shaped like an error', stack: 'at x' },
    'thrown text',
    42,
    null,
  );
  /** Fields of error logs in any order: the error fields among others. */
  const logFields = fc
    .tuple(fieldsArbitrary, fc.option(errorValue, { nil: undefined }), fc.boolean())
    .chain(([entries, error, isErrorLog]) => {
      const all: [string, unknown][] = entries.filter(
        ([key]) => key !== 'error.object' && key !== 'event',
      );
      if (error !== undefined) all.push(['error.object', error]);
      if (isErrorLog) all.push(['event', 'error']);
      return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
    });

  it('log with fields as they are, with a throwing getter added, and over an inheriting prototype', () => {
    fc.assert(
      fc.property(fc.oneof(fieldsArbitrary, logFields), (entries) => {
        otel.reset();
        const span = new TracerShim(otel.tracer).startSpan('s');
        span.log(plain(entries));
        span.log(withThrowingField(entries));
        span.log(inheriting(entries));
        span.finish();
        const [asIs, guarded, inherited] = otel
          .span('s')
          .events.map(({ name, attributes }) => ({ name, attributes }));
        quickExpect(guarded).toEqual(asIs);
        quickExpect(inherited).toEqual(asIs);
      }),
      { numRuns },
    );
  });

  it('logEvent(name, payload) records what log({ event: name, ...payload }) does, less the event field', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom('error', 'retry', 'log'), fc.string({ maxLength: 6 })),
        fc
          .oneof(fieldsArbitrary, logFields)
          .map((entries) => entries.filter(([key]) => key !== 'event')),
        (name, entries) => {
          otel.reset();
          const span = new TracerShim(otel.tracer).startSpan('s');
          span.log({ event: name, ...plain(entries) });
          span.logEvent(name, plain(entries));
          span.logEvent(name, withThrowingField(entries));
          span.finish();
          const [logged, ...viaLogEvent] = otel.span('s').events;
          const { event, ...withoutEvent } = logged.attributes ?? {};
          quickExpect(event).toBe(name);
          for (const recorded of viaLogEvent) {
            quickExpect(recorded.name).toBe(logged.name);
            quickExpect(recorded.attributes).toEqual(withoutEvent);
          }
        },
      ),
      { numRuns },
    );
  });
});

describe('references: the single-reference fast paths and resolveReferences agree', () => {
  type Target = 'span' | 'context' | 'extracted' | 'baggage only' | 'foreign' | 'invalid';
  const targets: Target[] = ['span', 'context', 'extracted', 'baggage only', 'foreign', 'invalid'];
  const reference = fc.record({
    type: fc.constantFrom(opentracing.REFERENCE_CHILD_OF, opentracing.REFERENCE_FOLLOWS_FROM),
    target: fc.constantFrom(...targets),
  });
  const startOptions = fc.record({
    references: fc.option(fc.array(reference, { maxLength: 3 }), { nil: undefined }),
    childOf: fc.option(fc.constantFrom(...targets), { nil: undefined }),
  });

  /** A fresh parent of each kind, and labels for the ids a span may point at. */
  function makeTargets(tracer: TracerShim): {
    resolve: (target: Target) => unknown;
    labels: Map<string, string>;
  } {
    const parent = tracer.startSpan('parent').setBaggageItem('from', 'parent');
    const headers: Record<string, string> = {};
    const upstream = tracer.startSpan('upstream').setBaggageItem('from', 'upstream');
    tracer.inject(upstream, opentracing.FORMAT_HTTP_HEADERS, headers);
    const extracted = tracer.extract(opentracing.FORMAT_HTTP_HEADERS, headers);
    const baggageOnly = tracer.extract(opentracing.FORMAT_HTTP_HEADERS, {
      baggage: 'only=baggage,from=carrier',
    });
    const foreign = {
      toTraceId: () => '1234567890abcdef',
      toSpanId: () => 'fedcba0987654321',
      isSampled: () => true,
      baggage: { from: 'foreign', foreign: 'yes' },
    };
    const byTarget: Record<Target, unknown> = {
      span: parent,
      context: parent.context(),
      extracted,
      'baggage only': baggageOnly,
      foreign,
      // Shaped like a context of ours, with ids no span can have.
      invalid: { getSpanContext: () => ({ traceId: 'x', spanId: 'y' }), getBaggage: () => null },
    };
    const labels = new Map<string, string>([
      [parent.context().toSpanId(), 'parent'],
      [parent.context().toTraceId(), 'parent trace'],
      [upstream.context().toSpanId(), 'upstream'],
      [upstream.context().toTraceId(), 'upstream trace'],
      ['fedcba0987654321', 'foreign'],
      ['00000000000000001234567890abcdef', 'foreign trace'],
    ]);
    return { resolve: (target) => byTarget[target], labels };
  }

  it('options as they are, and with an ignored entry added to the references', () => {
    fc.assert(
      fc.property(
        startOptions,
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (options, implicitParent, linkParentReference, underActiveSpan) => {
          otel.reset();
          const tracer = new TracerShim(otel.tracer, { implicitParent, linkParentReference });
          const { resolve, labels } = makeTargets(tracer);
          const references = options.references?.map(
            ({ type, target }) => new opentracing.Reference(type, resolve(target) as never),
          );
          const childOf = options.childOf === undefined ? undefined : resolve(options.childOf);
          const active = otel.tracer.startSpan('active');
          labels.set(active.spanContext().spanId, 'active');
          labels.set(active.spanContext().traceId, 'active trace');
          const start = (name: string, list: unknown[] | undefined) =>
            tracer.startSpan(name, {
              childOf: childOf as never,
              references: list as opentracing.Reference[] | undefined,
            });
          const within: Context = underActiveSpan
            ? trace.setSpan(ROOT_CONTEXT, active)
            : ROOT_CONTEXT;
          const [fast, general] = context.with(within, () => [
            start('fast', references),
            start('general', [...(references ?? []), null]),
          ]);
          quickExpect(general.context().getBaggage().getAllEntries()).toEqual(
            fast.context().getBaggage().getAllEntries(),
          );
          quickExpect(general.context().isDebug()).toBe(fast.context().isDebug());
          fast.finish();
          general.finish();
          quickExpect(describeSpan(otel.span('general'), labels)).toEqual(
            describeSpan(otel.span('fast'), labels),
          );
        },
      ),
      { numRuns },
    );
  });
});
