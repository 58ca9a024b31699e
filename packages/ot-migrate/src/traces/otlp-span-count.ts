// How many spans a protobuf ExportTraceServiceRequest holds, counted on the wire with protobufjs's
// Reader before the body is decoded: a small body can hold millions of empty spans (two bytes
// each), and decoding builds an object for every one of them. Only the two levels of nesting that
// lead to the spans are entered; everything else is skipped by its length.
import { Reader } from 'protobufjs';

// Field numbers of opentelemetry/proto/collector/trace/v1/trace_service.proto and trace/v1/trace.proto.
const REQUEST_RESOURCE_SPANS = 1; // ExportTraceServiceRequest.resource_spans
const RESOURCE_SPANS_SCOPE_SPANS = 2; // ResourceSpans.scope_spans
const SCOPE_SPANS_SPANS = 2; // ScopeSpans.spans
const LENGTH_DELIMITED = 2;

/**
 * The number of spans in a protobuf request; what does not parse counts as far as it went (the
 * decoder then says what is wrong with it).
 */
export function countProtobufSpans(body: Uint8Array): number {
  let spans = 0;
  try {
    const reader = Reader.create(body);
    forEachField(reader, reader.len, REQUEST_RESOURCE_SPANS, (resourceEnd) =>
      forEachField(reader, resourceEnd, RESOURCE_SPANS_SCOPE_SPANS, (scopeEnd) =>
        forEachField(reader, scopeEnd, SCOPE_SPANS_SPANS, (spanEnd) => {
          spans += 1;
          reader.pos = spanEnd;
        }),
      ),
    );
  } catch {
    // A malformed body: the decoder reports it.
  }
  return spans;
}

/**
 * Reads the fields up to `end`; for each length-delimited `wanted` field, calls `enter` with the
 * reader at its start and the position of its end (where the reader is left afterwards).
 */
function forEachField(
  reader: Reader,
  end: number,
  wanted: number,
  enter: (fieldEnd: number) => void,
): void {
  while (reader.pos < end) {
    const tag = reader.uint32();
    const wireType = tag & 7;
    if (tag >>> 3 === wanted && wireType === LENGTH_DELIMITED) {
      const length = reader.uint32();
      const fieldEnd = reader.pos + length;
      if (fieldEnd > end) throw new RangeError('a length runs past its message');
      enter(fieldEnd);
      reader.pos = fieldEnd;
    } else {
      reader.skipType(wireType);
    }
  }
}
