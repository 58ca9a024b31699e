// Fuzz: whatever baggage arrives (any keys, values and counts, in any incoming format and carrier
// type), a service with any combination of formats writes only headers that Node's http.request
// accepts, and few enough bytes of them that a downstream Node server (16 KB header limit) takes
// the request. FC_RUNS sets the number of runs (CI: 10,000).
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { Metadata } from '@grpc/grpc-js';
import fc from 'fast-check';
import * as opentracing from 'opentracing';
import type { PropagatorName } from '../../src';
import { TracerShim } from '../../src';
import { setUpOtel } from '../support/otel';
import { quickExpect } from '../support/quick-expect';

const otel = setUpOtel();
const numRuns = Number(process.env.FC_RUNS ?? 1000);

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const FORMATS: PropagatorName[] = ['tracecontext', 'baggage', 'jaeger', 'b3', 'b3multi', 'ottrace'];
// Room left for the request line and the application's own headers under Node's 16 KB.
const MOST_TRACING_HEADER_BYTES = 13 * 1024;

// Key, value, and W3C properties (the text after `;`, empty for none).
type Entry = [string, string, string];

const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('(', ')', '(a)', '%', '%28', ' ', '\t', '\r\n', '\uD800', 'é', '🙂', '-bin', '='),
  fc.string({ unit: fc.constantFrom('(', ')', ',', ';', '=', '%', 'a', '\u00ff'), maxLength: 20 }),
);
const entries = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.array(
      fc.tuple(hostileText, hostileText, fc.oneof(fc.constant(''), hostileText)),
      { maxLength: 60 },
    ),
  },
  // A few entries with long properties of one repeated character (non-ASCII grows when encoded).
  {
    weight: 1,
    arbitrary: fc
      .record({
        count: fc.integer({ min: 1, max: 4 }),
        size: fc.integer({ min: 100, max: 4000 }),
        character: fc.constantFrom('a', '\u00e9', '\u4e2d', ','),
      })
      .map(({ count, size, character }) =>
        Array.from({ length: count }, (_, i): Entry => [`k${i}`, 'v', character.repeat(size)]),
      ),
  },
  // In-limit and over-limit volumes: many entries, or few long ones.
  {
    weight: 2,
    arbitrary: fc
      .record({
        count: fc.integer({ min: 100, max: 2000 }),
        size: fc.integer({ min: 1, max: 200 }),
      })
      .map(({ count, size }) =>
        Array.from({ length: count }, (_, i): Entry => [`key${i}`, 'v'.repeat(size), '']),
      ),
  },
);

function encodeOrKeep(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The incoming carrier: baggage in one format, on one kind of carrier. */
function incomingCarrier(
  format: 'w3c' | 'uberctx' | 'ot-baggage',
  kind: 'plain' | 'headers' | 'metadata',
  items: Entry[],
  withTrace: boolean,
): object {
  const pairs: Array<[string, string]> = withTrace ? [['traceparent', TRACEPARENT]] : [];
  if (format === 'w3c') {
    pairs.push([
      'baggage',
      items.map(([k, v]) => `${encodeOrKeep(k)}=${encodeOrKeep(v)}`).join(','),
    ]);
  } else {
    const prefix = format === 'uberctx' ? 'uberctx-' : 'ot-baggage-';
    for (const [key, value] of items) pairs.push([`${prefix}${key}`, value]);
  }
  if (kind === 'plain') return Object.fromEntries(pairs);
  // Headers and Metadata refuse what a real peer could never send: those items are left out.
  const carrier = kind === 'headers' ? new Headers() : new Metadata();
  for (const [name, value] of pairs) {
    try {
      carrier.set(name.toLowerCase(), value);
    } catch {
      // Not sendable through this carrier.
    }
  }
  return carrier;
}

describe('outgoing headers for any incoming baggage', () => {
  it('are accepted by Node and stay under the downstream header limit', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(FORMATS, { minLength: 1 }),
        fc.constantFrom('w3c' as const, 'uberctx' as const, 'ot-baggage' as const),
        fc.constantFrom('plain' as const, 'headers' as const, 'metadata' as const),
        entries,
        fc.boolean(),
        (formats, format, kind, items, withTrace) => {
          otel.reset();
          const tracer = new TracerShim(otel.tracer, { propagators: formats });
          const incoming = incomingCarrier(format, kind, items, withTrace);
          const extracted = tracer.extract(opentracing.FORMAT_TEXT_MAP, incoming);
          const span = tracer.startSpan('server', extracted ? { childOf: extracted } : {});
          const headers: Record<string, string> = {};
          tracer.inject(span, opentracing.FORMAT_HTTP_HEADERS, headers);
          let bytes = 0;
          for (const [name, value] of Object.entries(headers)) {
            validateHeaderName(name);
            validateHeaderValue(name, value);
            bytes += name.length + value.length + 4;
          }
          quickExpect(bytes).toBeLessThanOrEqual(MOST_TRACING_HEADER_BYTES);
          // gRPC metadata takes the same context without refusing a write.
          tracer.inject(span, opentracing.FORMAT_TEXT_MAP, new Metadata());
          quickExpect(otel.warnings.filter((w) => w.includes('refused a write'))).toEqual([]);
          span.finish();
        },
      ),
      { numRuns },
    );
  });
});
