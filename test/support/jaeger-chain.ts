// The services of test/integration/jaeger-client-chain.test.ts: each a real HTTP server on loopback
// that records what it read and what it started, so that the test can follow the request hop by hop
// whether or not its spans were recorded (an unsampled trace leaves no exported span behind).
import type { TextMapPropagator } from '@opentelemetry/api';
import {
  ROOT_CONTEXT,
  SpanKind,
  TraceFlags,
  defaultTextMapGetter,
  defaultTextMapSetter,
  propagation,
  trace,
} from '@opentelemetry/api';
import type { TracerProvider } from '@opentelemetry/sdk-trace';
import type { Tracer as JaegerClientTracer } from 'jaeger-client';
import * as opentracing from 'opentracing';
import type { JaegerTracer } from '../../src/jaeger';
import type { RunningServer } from './http';
import { get, listen } from './http';

const HTTP = opentracing.FORMAT_HTTP_HEADERS;
const { SPAN_KIND, SPAN_KIND_RPC_CLIENT, SPAN_KIND_RPC_SERVER, SAMPLING_PRIORITY } =
  opentracing.Tags;

/** The baggage items the chain carries: set by the first service, and by the second. */
export const FIRST_ITEM = { key: 'user.id', value: 'u-42' };
export const SECOND_ITEM = { key: 'tenant', value: 't-9' };

/** One hop as its service saw it; ids are OpenTelemetry's width (32 and 16 hex digits). */
export interface Hop {
  /** The span id of the caller's span, as extracted here; undefined at the first service. */
  incomingParentId: string | undefined;
  traceId: string;
  serverSpanId: string;
  /** The span this service called the next one under (none at the last service). */
  clientSpanId: string | undefined;
  sampled: boolean;
  /** Whether the extracted context carried the Jaeger debug flag; undefined where OTel has no API. */
  incomingDebug: boolean | undefined;
  /** The two baggage items as they arrived (read before this service adds any). */
  baggage: Record<string, string | undefined>;
  /** The headers this service sent to the next one. */
  sentHeaders: Record<string, string> | undefined;
}

/** The width OpenTelemetry writes: jaeger-client's ids have no leading zeros. */
export const pad32 = (id: string): string => id.padStart(32, '0');
export const pad16 = (id: string): string => id.padStart(16, '0');

const isSampled = (flags: number): boolean => (flags & TraceFlags.SAMPLED) !== 0;

/** Reads both baggage items through `read`. */
function baggageSeen(
  read: (key: string) => string | undefined,
): Record<string, string | undefined> {
  return {
    [FIRST_ITEM.key]: read(FIRST_ITEM.key),
    [SECOND_ITEM.key]: read(SECOND_ITEM.key),
  };
}

/** The first service sets the first item; one in the middle (it calls on) adds the second. */
function addBaggage(
  span: { setBaggageItem(key: string, value: string): unknown },
  options: { first: boolean; downstream?: string },
): void {
  if (options.first) span.setBaggageItem(FIRST_ITEM.key, FIRST_ITEM.value);
  else if (options.downstream !== undefined) {
    span.setBaggageItem(SECOND_ITEM.key, SECOND_ITEM.value);
  }
}

/**
 * Calls `url`; resolves with `name>` and the downstream answer, so the path can be checked. The
 * spans end before the caller answers: when the test's request returns, every span has ended.
 */
async function forward(
  name: string,
  url: string,
  headers: Record<string, string>,
): Promise<string> {
  const reply = await get(url, headers);
  if (reply.status !== 200) throw new Error(`${name}: downstream answered ${reply.status}`);
  return `${name}>${reply.body}`;
}

/**
 * A jaeger-client service: extracts what it is sent (unless it is the first service), starts a
 * server span, and calls `downstream` if given. The first service sets the first baggage item, and
 * `sampling.priority: 1` when `debug` is set; a middle service adds the second item.
 */
export async function startJaegerClientService(
  name: string,
  tracer: JaegerClientTracer,
  hops: Hop[],
  options: { first: boolean; debug?: boolean; downstream?: string },
): Promise<RunningServer> {
  return listen(async (req, res) => {
    const extracted = options.first ? null : tracer.extract(HTTP, req.headers);
    const server = tracer.startSpan(`${name} GET`, {
      childOf: extracted ?? undefined,
      tags: { [SPAN_KIND]: SPAN_KIND_RPC_SERVER },
    });
    // jaeger-client makes a span whose tag sets this priority a debug span (flags 0x03).
    if (options.debug === true) server.setTag(SAMPLING_PRIORITY, 1);
    // What arrived, read before this service adds its own item.
    const baggage = baggageSeen((key) => server.getBaggageItem(key));
    addBaggage(server, options);
    const hop: Hop = {
      incomingParentId: extracted?.isValid === true ? pad16(extracted.spanIdStr) : undefined,
      traceId: pad32(server.context().traceIdStr),
      serverSpanId: pad16(server.context().spanIdStr),
      clientSpanId: undefined,
      sampled: server.context().isSampled(),
      incomingDebug: extracted?.isDebug(),
      baggage,
      sentHeaders: undefined,
    };
    server.setTag('seen.user.id', hop.baggage[FIRST_ITEM.key] ?? 'none');
    hops.push(hop);
    if (options.downstream === undefined) {
      server.finish();
      res.end(name);
      return;
    }
    const client = tracer.startSpan(`${name} call`, {
      childOf: server,
      tags: { [SPAN_KIND]: SPAN_KIND_RPC_CLIENT },
    });
    const headers: Record<string, string> = {};
    tracer.inject(client, HTTP, headers);
    hop.clientSpanId = pad16(client.context().spanIdStr);
    hop.sentHeaders = headers;
    const body = await forward(name, options.downstream, headers);
    client.finish();
    server.finish();
    res.end(body);
  });
}

/**
 * A service on the drop-in (`initTracer` of opentracing-otel-bridge/jaeger): the same OpenTracing
 * code as the jaeger-client service. The first service sets the first baggage item; one that calls
 * on and is not first adds the second.
 */
export async function startDropInService(
  name: string,
  tracer: JaegerTracer,
  hops: Hop[],
  options: { first: boolean; downstream?: string },
): Promise<RunningServer> {
  return listen(async (req, res) => {
    const extracted = options.first ? null : tracer.extract(HTTP, req.headers);
    const server = tracer.startSpan(`${name} GET`, {
      childOf: extracted ?? undefined,
      tags: { [SPAN_KIND]: SPAN_KIND_RPC_SERVER },
    });
    // What arrived, read before this service adds its own item.
    const baggage = baggageSeen((key) => server.getBaggageItem(key));
    addBaggage(server, options);
    const hop: Hop = {
      incomingParentId: extracted?.toSpanId(),
      traceId: server.context().toTraceId(),
      serverSpanId: server.context().toSpanId(),
      clientSpanId: undefined,
      sampled: isSampled(server.context().getSpanContext().traceFlags),
      incomingDebug: extracted?.isDebug(),
      baggage,
      sentHeaders: undefined,
    };
    server.setTag('seen.user.id', hop.baggage[FIRST_ITEM.key] ?? 'none');
    hops.push(hop);
    if (options.downstream === undefined) {
      server.finish();
      res.end(name);
      return;
    }
    const client = tracer.startSpan(`${name} call`, {
      childOf: server,
      tags: { [SPAN_KIND]: SPAN_KIND_RPC_CLIENT },
    });
    const headers: Record<string, string> = {};
    tracer.inject(client, HTTP, headers);
    hop.clientSpanId = client.context().toSpanId();
    hop.sentHeaders = headers;
    const body = await forward(name, options.downstream, headers);
    client.finish();
    server.finish();
    res.end(body);
  });
}

/**
 * A service on OpenTelemetry alone: its own provider, no global state. It reads the request with
 * `extractWith` and writes the call to `downstream` with `injectWith`, both used directly, with the
 * contexts passed by hand (`trace.setSpan`), so no context manager or global propagator is needed.
 */
export async function startOtelService(
  name: string,
  provider: TracerProvider,
  hops: Hop[],
  options: { extractWith: TextMapPropagator; injectWith: TextMapPropagator; downstream: string },
): Promise<RunningServer> {
  const tracer = provider.getTracer(`${name}-service`);
  return listen(async (req, res) => {
    const parent = options.extractWith.extract(ROOT_CONTEXT, req.headers, defaultTextMapGetter);
    const server = tracer.startSpan(`${name} GET`, { kind: SpanKind.SERVER }, parent);
    const baggage = propagation.getBaggage(parent);
    const serverContext = trace.setSpan(parent, server);
    const client = tracer.startSpan(`${name} call`, { kind: SpanKind.CLIENT }, serverContext);
    const headers: Record<string, string> = {};
    options.injectWith.inject(trace.setSpan(serverContext, client), headers, defaultTextMapSetter);
    const hop: Hop = {
      incomingParentId: trace.getSpanContext(parent)?.spanId,
      traceId: server.spanContext().traceId,
      serverSpanId: server.spanContext().spanId,
      clientSpanId: client.spanContext().spanId,
      sampled: isSampled(server.spanContext().traceFlags),
      incomingDebug: undefined,
      baggage: baggageSeen((key) => baggage?.getEntry(key)?.value),
      sentHeaders: headers,
    };
    server.setAttribute('seen.user.id', hop.baggage[FIRST_ITEM.key] ?? 'none');
    hops.push(hop);
    const body = await forward(name, options.downstream, headers);
    client.end();
    server.end();
    res.end(body);
  });
}
