// Decodes an OTLP/HTTP trace export into CollectedSpan[]. Protobuf bodies are decoded by protobufjs
// over the official opentelemetry-proto files (vendored unchanged in ./proto, copied to dist/proto
// by the build); JSON bodies by JSON.parse, then read with the same code, since OTLP/JSON is the
// protobuf message in JSON form except for ids (hex, not base64). Nothing here trusts its input:
// every field is checked for its type, and anything malformed is a PayloadError (HTTP 400).
import { isAbsolute, join } from 'node:path';
import { Field, Root, Type } from 'protobufjs';
import { MAX_LINKS, type CollectedSpan, type SpanLink } from './report-model';
import { countProtobufSpans } from './otlp-span-count';
import {
  MAX_ARRAY_ITEMS,
  MAX_ATTRIBUTE_KEY_CHARS,
  MAX_ATTRIBUTES,
  MAX_RESOURCE_NAME_CHARS,
  MAX_SPANS_PER_REQUEST,
  MAX_SPAN_NAME_CHARS,
  MAX_VALUE_CHARS,
  cut,
  setEntry,
} from './span-limits';

/** The two OTLP/HTTP encodings. */
export type OtlpEncoding = 'protobuf' | 'json';

/** A payload that does not decode as an ExportTraceServiceRequest: the receiver answers 400. */
export class PayloadError extends Error {}

/** A payload with more spans than one request may carry: the receiver answers 413. */
export class TooManySpansError extends PayloadError {}

/**
 * Where the `.proto` files are: beside this module in the sources (src/traces/proto), and beside
 * the bundle once built (dist/proto: build.mjs copies them there).
 */
export const PROTO_DIR = join(__dirname, 'proto');

const REQUEST_TYPE = 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest';
const RESPONSE_TYPE = 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse';

interface Types {
  request: Type;
  response: Type;
  /** `google.rpc.Status`, the body of an OTLP/HTTP error response. */
  status: Type;
  spanKinds: Record<string, number>;
  statusCodes: Record<string, number>;
}

let types: Types | undefined;

/** Loads the protobuf types once, on first use (a report from a file needs none of them). */
function loadTypes(): Types {
  if (types) return types;
  const root = new Root();
  // The official files import each other from the proto root (`opentelemetry/proto/...`).
  root.resolvePath = (_origin, target) => (isAbsolute(target) ? target : join(PROTO_DIR, target));
  root.loadSync(join(PROTO_DIR, 'opentelemetry/proto/collector/trace/v1/trace_service.proto'));
  // google.rpc.Status is not among the OTLP files (it lives in googleapis): its two fields that
  // OTLP/HTTP uses, declared through protobufjs's reflection rather than hand-encoded.
  const status = new Type('Status')
    .add(new Field('code', 1, 'int32'))
    .add(new Field('message', 2, 'string'));
  new Root().define('google.rpc').add(status);
  types = {
    request: root.lookupType(REQUEST_TYPE),
    response: root.lookupType(RESPONSE_TYPE),
    status,
    spanKinds: root.lookupEnum('opentelemetry.proto.trace.v1.Span.SpanKind').values,
    statusCodes: root.lookupEnum('opentelemetry.proto.trace.v1.Status.StatusCode').values,
  };
  return types;
}

/** The body of a 200 answer: an empty ExportTraceServiceResponse in the request's encoding. */
export function encodeExportResponse(encoding: OtlpEncoding): Buffer {
  if (encoding === 'json') return Buffer.from('{}');
  const { response } = loadTypes();
  return Buffer.from(response.encode(response.create({})).finish());
}

/** The body of an error answer: a google.rpc.Status, as OTLP/HTTP asks, in the request's encoding. */
export function encodeStatus(encoding: OtlpEncoding, code: number, message: string): Buffer {
  if (encoding === 'json') return Buffer.from(JSON.stringify({ code, message }));
  const { status } = loadTypes();
  return Buffer.from(status.encode(status.create({ code, message })).finish());
}

/**
 * The spans of one ExportTraceServiceRequest body (already gunzipped).
 * @throws PayloadError when the body does not decode or holds malformed spans.
 */
export function decodeTraceRequest(
  body: Buffer,
  encoding: OtlpEncoding,
  receivedAtMs: number,
): CollectedSpan[] {
  const loaded = loadTypes();
  let message: unknown;
  let idOf: (value: unknown, bytes: number, field: string) => string;
  if (encoding === 'protobuf') {
    // Counted on the wire first: a small body of millions of empty spans is refused before
    // protobufjs builds an object for each.
    refuseTooMany(countProtobufSpans(body));
    try {
      // toObject keeps only the fields set (oneofs included), as OTLP/JSON has them; 64-bit
      // integers as decimal text, enums as numbers, bytes as base64.
      message = loaded.request.toObject(loaded.request.decode(body), {
        longs: String,
        enums: Number,
        bytes: String,
      });
    } catch (error) {
      throw new PayloadError(`not an ExportTraceServiceRequest: ${(error as Error).message}`);
    }
    idOf = base64Id;
  } else {
    try {
      message = JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new PayloadError(`invalid JSON: ${(error as Error).message}`);
    }
    idOf = hexId;
  }
  return readRequest(message, idOf, loaded, receivedAtMs);
}

/** A parent span id; all zeros (an invalid id, as some senders write for "none") is a root. */
function parentIdOf(
  value: unknown,
  idOf: (value: unknown, bytes: number, field: string) => string,
): string {
  if (value === '0000000000000000' || value === 'AAAAAAAAAAA=') return '';
  return idOf(value, 8, 'parentSpanId');
}

function refuseTooMany(spans: number): void {
  if (spans > MAX_SPANS_PER_REQUEST) {
    throw new TooManySpansError(
      `${spans} spans in one request, more than ${MAX_SPANS_PER_REQUEST}: send smaller batches`,
    );
  }
}

function readRequest(
  message: unknown,
  idOf: (value: unknown, bytes: number, field: string) => string,
  { spanKinds, statusCodes }: Types,
  receivedAtMs: number,
): CollectedSpan[] {
  const spans: CollectedSpan[] = [];
  for (const resourceSpans of list(object(message, 'request').resourceSpans, 'resourceSpans')) {
    const resource = object(resourceSpans, 'resourceSpans');
    const resourceAttributes = attributes(
      resource.resource == null ? undefined : object(resource.resource, 'resource').attributes,
    );
    const serviceName = resourceAttributes['service.name'];
    const service =
      typeof serviceName === 'string' && serviceName !== ''
        ? cut(serviceName, MAX_RESOURCE_NAME_CHARS)
        : 'unknown_service';
    for (const scopeSpans of list(resource.scopeSpans, 'scopeSpans')) {
      const scoped = object(scopeSpans, 'scopeSpans');
      const scopeMessage = scoped.scope == null ? {} : object(scoped.scope, 'scope');
      const scope = {
        name: cut(optionalString(scopeMessage.name, 'scope.name'), MAX_RESOURCE_NAME_CHARS),
        version: cut(
          optionalString(scopeMessage.version, 'scope.version'),
          MAX_RESOURCE_NAME_CHARS,
        ),
      };
      const scopeSpanList = list(scoped.spans, 'spans');
      refuseTooMany(spans.length + scopeSpanList.length);
      for (const spanMessage of scopeSpanList) {
        const span = object(spanMessage, 'span');
        const status = span.status == null ? {} : object(span.status, 'status');
        spans.push({
          traceId: idOf(span.traceId, 16, 'traceId'),
          spanId: idOf(span.spanId, 8, 'spanId'),
          parentSpanId:
            span.parentSpanId == null || span.parentSpanId === ''
              ? ''
              : parentIdOf(span.parentSpanId, idOf),
          name: cut(optionalString(span.name, 'span.name'), MAX_SPAN_NAME_CHARS),
          kind: enumValue(span.kind, spanKinds, 'kind'),
          startTimeUnixNano: unixNano(span.startTimeUnixNano, 'startTimeUnixNano'),
          endTimeUnixNano: unixNano(span.endTimeUnixNano, 'endTimeUnixNano'),
          statusCode: enumValue(status.code, statusCodes, 'status.code'),
          service,
          scope,
          attributes: attributes(span.attributes),
          links: links(span.links, idOf),
          receivedAtMs,
        });
      }
    }
  }
  return spans;
}

function object(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PayloadError(`${field} is not an object`);
  }
  return value as Record<string, unknown>;
}

function list(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new PayloadError(`${field} is not an array`);
  return value;
}

function optionalString(value: unknown, field: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new PayloadError(`${field} is not a string`);
  return value;
}

const HEX = /^[0-9a-f]*$/;

/** An id from OTLP/JSON: hex text of the right length, not all zeros (an invalid id in OTLP). */
function hexId(value: unknown, bytes: number, field: string): string {
  if (typeof value !== 'string') throw new PayloadError(`${field} is not hex text`);
  return checkedId(value.toLowerCase(), bytes, field);
}

/** An id from protobufjs's toObject: base64 of the bytes. */
function base64Id(value: unknown, bytes: number, field: string): string {
  if (typeof value !== 'string') throw new PayloadError(`${field} is missing`);
  return checkedId(Buffer.from(value, 'base64').toString('hex'), bytes, field);
}

function checkedId(hex: string, bytes: number, field: string): string {
  if (hex.length !== bytes * 2 || !HEX.test(hex) || /^0+$/.test(hex)) {
    throw new PayloadError(`${field} is not a valid ${bytes}-byte id`);
  }
  return hex;
}

/** An enum as a number; OTLP/JSON senders that write the value's name are accepted too. */
function enumValue(value: unknown, values: Record<string, number>, field: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && Object.hasOwn(values, value)) return values[value];
  throw new PayloadError(`${field} is not a valid enum value`);
}

/** A fixed64 time as decimal text: OTLP/JSON allows a number or a string. */
function unixNano(value: unknown, field: string): string {
  if (value === undefined || value === null) return '0';
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  // Beyond 2^53 a JSON number has lost digits already; BigInt keeps what is left without an
  // exponent.
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) {
    return BigInt(value).toString();
  }
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) return BigInt(value).toString();
  throw new PayloadError(`${field} is not a time in nanoseconds`);
}

/** The first MAX_LINKS links' targets; a link without valid ids is malformed, as a span is. */
function links(
  value: unknown,
  idOf: (value: unknown, bytes: number, field: string) => string,
): SpanLink[] {
  const all = list(value, 'links');
  return all.slice(0, MAX_LINKS).map((entry) => {
    const link = object(entry, 'link');
    return {
      traceId: idOf(link.traceId, 16, 'link.traceId'),
      spanId: idOf(link.spanId, 8, 'link.spanId'),
    };
  });
}

/** KeyValue list -> a record of JSON values: the first MAX_ATTRIBUTES, each cut to its bounds. */
function attributes(value: unknown): Record<string, unknown> {
  return keyValues(list(value, 'attributes'), 'attribute', 0);
}

function keyValues(entries: unknown[], field: string, depth: number): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const entry of entries.slice(0, MAX_ATTRIBUTES)) {
    const { key, value } = object(entry, field);
    if (typeof key !== 'string') throw new PayloadError(`${field} key is not a string`);
    setEntry(result, cut(key, MAX_ATTRIBUTE_KEY_CHARS), valueOf(value, depth));
  }
  return result;
}

/** How deep arrays and key-value lists may nest: a payload must not exhaust the stack. */
const MAX_DEPTH = 32;

/** AnyValue -> a JSON value: ints beyond 2^53 stay text, bytes stay base64. */
function valueOf(value: unknown, depth: number): unknown {
  if (value === undefined || value === null) return null;
  if (depth > MAX_DEPTH) throw new PayloadError('attribute values nest too deep');
  const any = object(value, 'attribute value');
  if (any.stringValue !== undefined) {
    return cut(optionalString(any.stringValue, 'stringValue'), MAX_VALUE_CHARS);
  }
  if (any.boolValue !== undefined) return any.boolValue === true;
  if (any.intValue !== undefined) {
    const text =
      typeof any.intValue === 'string' || typeof any.intValue === 'number'
        ? String(any.intValue)
        : '';
    // An int64 has at most 19 digits: longer text is not one, and is not kept.
    if (!/^-?\d{1,20}$/.test(text)) throw new PayloadError('intValue is not an integer');
    const number = Number(text);
    return Number.isSafeInteger(number) ? number : text;
  }
  if (any.doubleValue !== undefined) {
    // OTLP/JSON writes NaN and the infinities as text; JSON has no number for them.
    if (typeof any.doubleValue === 'number') return any.doubleValue;
    return cut(optionalString(any.doubleValue, 'doubleValue'), MAX_VALUE_CHARS);
  }
  if (any.bytesValue !== undefined) {
    return cut(optionalString(any.bytesValue, 'bytesValue'), MAX_VALUE_CHARS);
  }
  if (any.arrayValue !== undefined) {
    return list(object(any.arrayValue, 'arrayValue').values, 'arrayValue.values')
      .slice(0, MAX_ARRAY_ITEMS)
      .map((item) => valueOf(item, depth + 1));
  }
  if (any.kvlistValue !== undefined) {
    const entries = list(object(any.kvlistValue, 'kvlistValue').values, 'kvlistValue');
    return keyValues(entries, 'kvlistValue entry', depth + 1);
  }
  return null;
}
