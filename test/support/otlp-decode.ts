// Decodes what an OTLP/HTTP trace exporter sent, with maintained decoders only: protobuf bodies
// with protobufjs and the official opentelemetry-proto `.proto` files (as shipped, unchanged, by
// the @elastic/mockotlpserver package), JSON bodies with JSON.parse. Both come out in one shape,
// so a test asserts the same things whatever the encoding.
import { dirname, isAbsolute, join } from 'node:path';
import { Root, type Type } from 'protobufjs';
import type { OtlpRequest } from './otlp-receiver';

/** An attribute value as a test compares it (OTLP's int64 as a JS number). */
export type DecodedValue = string | number | boolean | DecodedValue[] | undefined;

export interface DecodedSpan {
  name: string;
  /** Lower-case hex, as OpenTelemetry writes ids. */
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  kind: number;
  attributes: Record<string, DecodedValue>;
  /** The instrumentation scope's name. */
  scope: string;
}

export interface DecodedResourceSpans {
  resource: Record<string, DecodedValue>;
  spans: DecodedSpan[];
}

/** The ExportTraceServiceRequest of one request, by its content type. */
export function decodeTraceRequest(request: OtlpRequest): DecodedResourceSpans[] {
  const type = String(request.headers['content-type']);
  if (type.startsWith('application/x-protobuf')) return fromMessage(decodeProtobuf(request.body));
  if (type.startsWith('application/json')) {
    return fromMessage(JSON.parse(request.body.toString('utf8')) as RequestMessage);
  }
  throw new Error(`not an OTLP/HTTP content type: ${type}`);
}

/** Every span of every request, in order. */
export function decodeSpans(requests: OtlpRequest[]): DecodedSpan[] {
  return requests.flatMap((request) =>
    decodeTraceRequest(request).flatMap((resourceSpans) => resourceSpans.spans),
  );
}

// The message as protobufjs's toObject (bytes as base64) or OTLP/JSON (ids as hex) gives it.
interface AnyValueMessage {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: AnyValueMessage[] };
}
interface KeyValueMessage {
  key: string;
  value?: AnyValueMessage;
}
interface SpanMessage {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  kind?: number;
  attributes?: KeyValueMessage[];
}
interface RequestMessage {
  resourceSpans?: Array<{
    resource?: { attributes?: KeyValueMessage[] };
    scopeSpans?: Array<{ scope?: { name?: string }; spans?: SpanMessage[] }>;
  }>;
  /** Set by decodeProtobuf: its ids are base64, OTLP/JSON's hex. */
  idsInBase64?: boolean;
}

let requestType: Type | undefined;

function decodeProtobuf(body: Buffer): RequestMessage {
  requestType ??= loadRequestType();
  const message = requestType.toObject(requestType.decode(body), {
    longs: String,
    enums: Number,
    bytes: String,
  }) as RequestMessage;
  return { ...message, idsInBase64: true };
}

function loadRequestType(): Type {
  const protoRoot = dirname(require.resolve('@elastic/mockotlpserver/package.json'));
  const root = new Root();
  // The official files import each other from the proto root (`opentelemetry/proto/...`).
  root.resolvePath = (_origin, target) => (isAbsolute(target) ? target : join(protoRoot, target));
  root.loadSync(join(protoRoot, 'opentelemetry/proto/collector/trace/v1/trace_service.proto'));
  return root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
}

function fromMessage(message: RequestMessage): DecodedResourceSpans[] {
  const id = (value: string | undefined): string =>
    value === undefined || value === ''
      ? ''
      : message.idsInBase64 === true
        ? Buffer.from(value, 'base64').toString('hex')
        : value.toLowerCase();
  return (message.resourceSpans ?? []).map((resourceSpans) => ({
    resource: attributesOf(resourceSpans.resource?.attributes),
    spans: (resourceSpans.scopeSpans ?? []).flatMap((scopeSpans) =>
      (scopeSpans.spans ?? []).map((span) => ({
        name: span.name,
        traceId: id(span.traceId),
        spanId: id(span.spanId),
        parentSpanId: id(span.parentSpanId),
        kind: span.kind ?? 0,
        attributes: attributesOf(span.attributes),
        scope: scopeSpans.scope?.name ?? '',
      })),
    ),
  }));
}

function attributesOf(list: KeyValueMessage[] | undefined): Record<string, DecodedValue> {
  const attributes: Record<string, DecodedValue> = {};
  for (const { key, value } of list ?? []) attributes[key] = valueOf(value);
  return attributes;
}

function valueOf(value: AnyValueMessage | undefined): DecodedValue {
  if (value === undefined) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(valueOf);
  return undefined;
}
