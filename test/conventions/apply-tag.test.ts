// applyTag, the one home of what a tag means, called directly with a sink that records what it is
// told: at start (the sink takes a kind) and after start (it does not).
import type { AttributeValue, Attributes, SpanStatus } from '@opentelemetry/api';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { applyTag, type TagSink } from '../../src/conventions/apply-tag';
import { setUpOtel } from '../support/otel';

const otel = setUpOtel();
beforeEach(() => otel.reset());

interface Recorded {
  attributes: Attributes;
  statuses: [SpanStatus, boolean | undefined][];
  kinds: SpanKind[];
}

function sink(atStart: boolean): TagSink & { recorded: Recorded } {
  const recorded: Recorded = { attributes: {}, statuses: [], kinds: [] };
  return {
    recorded,
    setAttribute: (key: string, value: AttributeValue) => (recorded.attributes[key] = value),
    setAttributes: (attributes: Attributes) => Object.assign(recorded.attributes, attributes),
    setStatus: (status: SpanStatus, fromErrorTag?: boolean) =>
      recorded.statuses.push([status, fromErrorTag]),
    ...(atStart ? { setKind: (kind: SpanKind) => recorded.kinds.push(kind) } : {}),
  };
}

describe.each([true, false])('at start: %s', (atStart) => {
  it('makes `error: true` an ERROR status from the error tag, and no attribute', () => {
    const target = sink(atStart);
    applyTag(target, 'error', true, 'opentracing', SpanKind.INTERNAL);
    expect(target.recorded).toEqual({
      attributes: {},
      statuses: [[{ code: SpanStatusCode.ERROR }, true]],
      kinds: [],
    });
  });

  it('keeps an `error` tag that is not a boolean as an attribute, and says so', () => {
    const target = sink(atStart);
    applyTag(target, 'error', 'yes', 'opentracing', SpanKind.INTERNAL);
    expect(target.recorded.attributes).toEqual({ error: 'yes' });
    expect(target.recorded.statuses).toEqual([]);
    expect(otel.warnings.join('\n')).toMatch(/`error` tag that is not a boolean/);
  });

  it.each([undefined, null])('leaves out a tag set to %s', (value) => {
    const target = sink(atStart);
    applyTag(target, 'peer.service', value, 'otel', SpanKind.CLIENT);
    expect(target.recorded.attributes).toEqual({});
    expect(otel.warnings).toEqual([]);
  });

  it.each([[''], [42]])('ignores a tag whose key is %p, and says so', (key) => {
    const target = sink(atStart);
    applyTag(target, key as string, 'x', 'opentracing', SpanKind.INTERNAL);
    expect(target.recorded.attributes).toEqual({});
    expect(otel.warnings.join('\n')).toMatch(/key is not a non-empty string/);
  });

  it('names attributes by the mode, one name or both', () => {
    const otelNames = sink(atStart);
    applyTag(otelNames, 'db.statement', 'SELECT 1', 'otel', SpanKind.CLIENT);
    expect(otelNames.recorded.attributes).toEqual({ 'db.query.text': 'SELECT 1' });
    const both = sink(atStart);
    applyTag(both, 'db.statement', 'SELECT 1', 'both', SpanKind.CLIENT);
    expect(both.recorded.attributes).toEqual({
      'db.statement': 'SELECT 1',
      'db.query.text': 'SELECT 1',
    });
    const legacy = sink(atStart);
    applyTag(legacy, 'db.statement', 'SELECT 1', 'opentracing', SpanKind.CLIENT);
    expect(legacy.recorded.attributes).toEqual({ 'db.statement': 'SELECT 1' });
  });

  it('gives a server 5xx an ERROR status and error.type, in the translating modes only', () => {
    const translated = sink(atStart);
    applyTag(translated, 'http.status_code', 503, 'otel', SpanKind.SERVER);
    expect(translated.recorded.attributes).toEqual({
      'http.response.status_code': 503,
      'error.type': '503',
    });
    expect(translated.recorded.statuses).toEqual([
      [expect.objectContaining({ code: SpanStatusCode.ERROR }), false],
    ]);
    const legacy = sink(atStart);
    applyTag(legacy, 'http.status_code', 503, 'opentracing', SpanKind.SERVER);
    expect(legacy.recorded.statuses).toEqual([]);
  });

  it('converts a value OTel cannot hold', () => {
    const target = sink(atStart);
    applyTag(target, 'payload', { a: 1 }, 'opentracing', SpanKind.INTERNAL);
    expect(target.recorded.attributes).toEqual({ payload: '{"a":1}' });
  });
});

describe('span.kind', () => {
  it('gives the kind at start, and no attribute', () => {
    const target = sink(true);
    applyTag(target, 'span.kind', 'server', 'otel', SpanKind.INTERNAL);
    expect(target.recorded).toEqual({ attributes: {}, statuses: [], kinds: [SpanKind.SERVER] });
  });

  it('keeps an unknown value at start as an attribute, and says so', () => {
    const target = sink(true);
    applyTag(target, 'span.kind', 'sideways', 'opentracing', SpanKind.INTERNAL);
    expect(target.recorded).toEqual({
      attributes: { 'span.kind': 'sideways' },
      statuses: [],
      kinds: [],
    });
    expect(otel.warnings.join('\n')).toMatch(/unknown `span.kind` value/);
  });

  it('after start, stays an attribute and says the kind cannot change', () => {
    const target = sink(false);
    applyTag(target, 'span.kind', 'server', 'opentracing', SpanKind.INTERNAL);
    expect(target.recorded.attributes).toEqual({ 'span.kind': 'server' });
    expect(otel.warnings.join('\n')).toMatch(/cannot change the OpenTelemetry span kind/);
  });
});

describe('sampling.priority', () => {
  it('at start is an attribute for the sampler, without a warning', () => {
    const target = sink(true);
    applyTag(target, 'sampling.priority', 1, 'opentracing', SpanKind.INTERNAL);
    expect(target.recorded.attributes).toEqual({ 'sampling.priority': 1 });
    expect(otel.warnings).toEqual([]);
  });

  it('after start stays an attribute and says it cannot change the decision', () => {
    const target = sink(false);
    applyTag(target, 'sampling.priority', 1, 'opentracing', SpanKind.INTERNAL);
    expect(target.recorded.attributes).toEqual({ 'sampling.priority': 1 });
    expect(otel.warnings.join('\n')).toMatch(/cannot change the sampling decision/);
  });
});
