import type { Attributes } from '@opentelemetry/api';
import { SpanStatusCode } from '@opentelemetry/api';
import * as opentracing from 'opentracing';
import type { SemanticConventionsMode } from '../../src';
import { TAG_TRANSLATIONS, TracerShim } from '../../src';
import { setUpOtel } from '../support/otel';

const otel = setUpOtel();
beforeEach(() => otel.reset());

function tracerIn(mode: SemanticConventionsMode): TracerShim {
  return new TracerShim(otel.tracer, { semanticConventions: mode });
}

/** Each row: tag, value, span kind, and the attributes expected in 'otel' mode. */
const ROWS: [string, unknown, 'client' | 'server', Attributes][] = [
  ['component', 'grpc', 'client', { component: 'grpc' }],
  ['db.instance', 'orders', 'client', { 'db.namespace': 'orders' }],
  ['db.statement', 'SELECT 1', 'client', { 'db.query.text': 'SELECT 1' }],
  ['db.type', 'sql', 'client', { 'db.system.name': 'other_sql' }],
  ['db.type', 'Redis', 'client', { 'db.system.name': 'redis' }],
  ['db.user', 'app', 'client', { 'db.user': 'app' }],
  ['http.method', 'get', 'client', { 'http.request.method': 'GET' }],
  [
    'http.method',
    'PURGE',
    'client',
    { 'http.request.method': '_OTHER', 'http.request.method_original': 'PURGE' },
  ],
  ['http.status_code', 200, 'client', { 'http.response.status_code': 200 }],
  ['http.status_code', '201', 'server', { 'http.response.status_code': 201 }],
  ['http.url', 'https://shop/orders?id=1', 'client', { 'url.full': 'https://shop/orders?id=1' }],
  ['http.url', '//cdn.shop/a.js', 'client', { 'url.full': '//cdn.shop/a.js' }],
  // A server's `req.url` is a path: `url.full` is absolute, so the path goes under `url.path`.
  [
    'http.url',
    '/orders/1?id=1#top',
    'server',
    { 'url.path': '/orders/1', 'url.query': 'id=1', 'url.fragment': 'top' },
  ],
  ['http.url', '/health', 'server', { 'url.path': '/health' }],
  ['message_bus.destination', 'orders', 'client', { 'messaging.destination.name': 'orders' }],
  ['peer.address', 'db:5432', 'client', { 'server.address': 'db:5432' }],
  ['peer.address', '10.0.0.9', 'server', { 'client.address': '10.0.0.9' }],
  ['peer.hostname', 'api.example', 'client', { 'server.address': 'api.example' }],
  ['peer.hostname', 'browser.example', 'server', { 'client.address': 'browser.example' }],
  ['peer.ipv4', '10.0.0.1', 'client', { 'network.peer.address': '10.0.0.1' }],
  ['peer.ipv6', '::1', 'server', { 'network.peer.address': '::1' }],
  ['peer.port', 443, 'client', { 'server.port': 443 }],
  ['peer.port', 53211, 'server', { 'client.port': 53211 }],
  ['peer.service', 'billing', 'client', { 'peer.service': 'billing' }],
  ['sampling.priority', 1, 'client', { 'sampling.priority': 1 }],
];

describe('the translation table', () => {
  it('covers every OpenTracing standard tag', () => {
    const kindValues = ['client', 'server', 'producer', 'consumer'];
    const standardTags = Object.values(opentracing.Tags).filter((tag) => !kindValues.includes(tag));
    expect(Object.keys(TAG_TRANSLATIONS).sort()).toEqual([...new Set(standardTags)].sort());
  });

  it('has a test row for every tag that is an attribute', () => {
    const tested = new Set(ROWS.map(([tag]) => tag));
    const attributeTags = Object.keys(TAG_TRANSLATIONS).filter(
      (tag) => tag !== 'error' && tag !== 'span.kind',
    );
    expect([...tested].sort()).toEqual(attributeTags.sort());
  });
});

describe.each(['start tags', 'setTag'] as const)('through %s', (path) => {
  function record(
    mode: SemanticConventionsMode,
    tag: string,
    value: unknown,
    kind: string,
  ): Attributes {
    const tracer = tracerIn(mode);
    const span =
      path === 'start tags'
        ? tracer.startSpan('s', { tags: { 'span.kind': kind, [tag]: value } })
        : tracer.startSpan('s', { tags: { 'span.kind': kind } }).setTag(tag, value);
    span.finish();
    const attributes = { ...otel.spans().at(-1)!.attributes };
    delete attributes['error.type'];
    return attributes;
  }

  it.each(ROWS)('%s=%p on a %s span', (tag, value, kind, otelAttributes) => {
    expect(record('opentracing', tag, value, kind)).toEqual({ [tag]: value });
    expect(record('otel', tag, value, kind)).toEqual(otelAttributes);
    expect(record('both', tag, value, kind)).toEqual({ [tag]: value, ...otelAttributes });
  });

  it.each([undefined, null])('writes no name at all for a tag set to %p, in any mode', (value) => {
    for (const mode of ['opentracing', 'otel', 'both'] as const) {
      for (const tag of Object.keys(TAG_TRANSLATIONS)) {
        if (tag === 'span.kind' || tag === 'error') continue;
        expect(record(mode, tag, value, 'client')).toEqual({});
      }
    }
  });
});

describe('HTTP status codes (otel and both modes)', () => {
  it.each<[string, number, SpanStatusCode]>([
    ['server', 500, SpanStatusCode.ERROR],
    ['server', 503, SpanStatusCode.ERROR],
    ['server', 404, SpanStatusCode.UNSET],
    ['server', 200, SpanStatusCode.UNSET],
    ['client', 500, SpanStatusCode.ERROR],
    ['client', 404, SpanStatusCode.ERROR],
    ['client', 302, SpanStatusCode.UNSET],
  ])('a %s span with %d has status %d', (kind, code, expected) => {
    for (const mode of ['otel', 'both'] as const) {
      tracerIn(mode)
        .startSpan('at-start', { tags: { 'span.kind': kind, 'http.status_code': code } })
        .finish();
      tracerIn(mode)
        .startSpan('later', { tags: { 'span.kind': kind } })
        .setTag('http.status_code', code)
        .finish();
      for (const name of ['at-start', 'later']) {
        const span = otel.span(name);
        expect(span.status.code).toBe(expected);
        expect(span.attributes['error.type']).toBe(
          expected === SpanStatusCode.ERROR ? String(code) : undefined,
        );
      }
      otel.reset();
    }
  });

  it('leaves the status alone in opentracing mode', () => {
    tracerIn('opentracing')
      .startSpan('s', { tags: { 'span.kind': 'server', 'http.status_code': 500 } })
      .finish();
    expect(otel.span('s').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('lets an explicit error tag win over the status code', () => {
    tracerIn('otel')
      .startSpan('s', { tags: { 'http.status_code': 500, error: false } })
      .finish();
    expect(otel.span('s').status.code).toBe(SpanStatusCode.OK);
  });
});
