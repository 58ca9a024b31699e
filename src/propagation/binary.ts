import type { Baggage, SpanContext } from '@opentelemetry/api';
import {
  INVALID_SPAN_CONTEXT,
  baggageEntryMetadataFromString,
  createTraceState,
  isSpanContextValid,
} from '../internal/otel-api';
import { reportMisuse } from '../internal/report';
import { EMPTY_BAGGAGE } from '../internal/baggage';
import { IncomingBaggageBuilder } from './incoming-baggage';
import {
  allocateBytes,
  decodeUtf8,
  nativeBytes,
  toHex,
  utf8Length,
  writeHex,
  writeUtf8,
} from '../internal/bytes';

/**
 * The bridge's `FORMAT_BINARY` encoding, version 1. All lengths are unsigned 16-bit big-endian
 * byte counts; text is UTF-8.
 *
 * | bytes | field |
 * | --- | --- |
 * | 1 | version, `0x01` |
 * | 16 | trace id (all zero when only baggage is carried) |
 * | 8 | span id (all zero when only baggage is carried) |
 * | 1 | trace flags (bit 0: sampled) |
 * | 2 + n | W3C `tracestate` text (n may be 0) |
 * | 2 | number of baggage entries |
 * | per entry: 2 + k, 2 + v, 2 + m | key, value, metadata text (m may be 0) |
 *
 * Nothing may follow the last entry: extra or missing bytes make the buffer malformed.
 */
export const BINARY_FORMAT_VERSION = 1;

const HEADER_BYTES = 1 + 16 + 8 + 1;
const MAX_FIELD_BYTES = 0xffff;

/**
 * Encodes a span context and its baggage: a `Buffer` in Node, a `Uint8Array` elsewhere. Returns
 * `undefined` when there is nothing to carry (an invalid span context and no baggage). A field
 * longer than 65,535 bytes is dropped, with a one-time warning, rather than written truncated.
 * @internal
 */
export function encodeBinary(spanContext: SpanContext, baggage: Baggage): Uint8Array | undefined {
  const valid = isSpanContextValid(spanContext);
  const entries = baggage.getAllEntries();
  if (!valid && entries.length === 0) return undefined;

  // Every field is measured first, so the whole carrier is one allocation written in one pass.
  let traceState = valid ? (spanContext.traceState?.serialize() ?? '') : '';
  let traceStateBytes = fieldBytes(traceState);
  if (traceStateBytes < 0) {
    traceState = '';
    traceStateBytes = 0;
  }
  const texts: string[] = [];
  const sizes: number[] = [];
  let total = HEADER_BYTES + 2 + traceStateBytes + 2;
  for (const [key, entry] of entries) {
    const metadata = entry.metadata?.toString() ?? '';
    const keyBytes = fieldBytes(key);
    const valueBytes = fieldBytes(entry.value);
    const metadataBytes = fieldBytes(metadata);
    if (keyBytes < 0 || valueBytes < 0 || metadataBytes < 0) continue;
    texts.push(key, entry.value, metadata);
    sizes.push(keyBytes, valueBytes, metadataBytes);
    total += 6 + keyBytes + valueBytes + metadataBytes;
    if (texts.length === 3 * MAX_FIELD_BYTES) break;
  }

  const bytes = allocateBytes(total);
  bytes[0] = BINARY_FORMAT_VERSION;
  if (valid) {
    writeHex(spanContext.traceId, bytes, 1);
    writeHex(spanContext.spanId, bytes, 17);
    bytes[25] = spanContext.traceFlags & 0xff;
  } else {
    // allocateBytes does not zero what it returns.
    bytes.fill(0, 1, HEADER_BYTES);
  }
  let offset = writeField(traceState, traceStateBytes, bytes, HEADER_BYTES);
  offset = writeUint16(texts.length / 3, bytes, offset);
  for (let index = 0; index < texts.length; index++) {
    offset = writeField(texts[index], sizes[index], bytes, offset);
  }
  return bytes;
}

/** The UTF-8 size of a field's text, or -1 (reported once) when it is too long for a field. */
function fieldBytes(text: string): number {
  const size = utf8Length(text);
  if (size <= MAX_FIELD_BYTES) return size;
  reportMisuse(
    'binary-too-large',
    'a field longer than 65,535 bytes was left out of a binary carrier',
  );
  return -1;
}

function writeUint16(value: number, into: Uint8Array, offset: number): number {
  into[offset] = value >>> 8;
  into[offset + 1] = value & 0xff;
  return offset + 2;
}

/** Writes a length-prefixed text field; returns the offset after it. */
function writeField(text: string, size: number, into: Uint8Array, offset: number): number {
  const start = writeUint16(size, into, offset);
  writeUtf8(text, size, into, start);
  return start + size;
}

/**
 * Decodes a buffer written by {@link encodeBinary}. Returns `null` for anything malformed (wrong
 * version, wrong length, bytes out of range) and for a buffer that carries neither a valid span
 * context nor baggage.
 * @internal
 */
export function decodeBinary(
  buffer: unknown,
): { spanContext: SpanContext; baggage: Baggage } | null {
  const bytes = toBytes(buffer);
  if (
    bytes === undefined ||
    bytes.length < HEADER_BYTES + 4 ||
    bytes[0] !== BINARY_FORMAT_VERSION
  ) {
    return malformed();
  }
  const reader = new FieldReader(bytes, HEADER_BYTES);
  const traceState = reader.text();
  const count = reader.uint16();
  // Entries past the W3C limits are skipped unread: the whole buffer is still checked.
  const builder = new IncomingBaggageBuilder();
  let reading = true;
  for (let i = 0; i < count && reader.ok; i++) {
    if (!reading) {
      reader.skip();
      reader.skip();
      reader.skip();
      continue;
    }
    const key = reader.text();
    const value = reader.text();
    const metadata = reader.text();
    if (!reader.ok) break;
    reading = builder.add(key, {
      value,
      ...(metadata === '' ? {} : { metadata: baggageEntryMetadataFromString(metadata) }),
    });
  }
  if (!reader.ok || reader.offset !== bytes.length) return malformed();

  const spanContext: SpanContext = {
    traceId: toHex(bytes, 1, 17),
    spanId: toHex(bytes, 17, 25),
    traceFlags: bytes[25],
    isRemote: true,
    ...(traceState === '' ? {} : { traceState: createTraceState(traceState) }),
  };
  const valid = isSpanContextValid(spanContext);
  const baggage = builder.build() ?? EMPTY_BAGGAGE;
  if (!valid && baggage === EMPTY_BAGGAGE) return null;
  return { spanContext: valid ? spanContext : INVALID_SPAN_CONTEXT, baggage };
}

function malformed(): null {
  reportMisuse('binary-malformed', 'a malformed binary carrier was read as empty');
  return null;
}

/** Accepts a `Uint8Array` (a Node `Buffer` is one) or an array of integers 0-255. */
function toBytes(buffer: unknown): Uint8Array | undefined {
  if (buffer instanceof Uint8Array) return nativeBytes(buffer);
  if (!Array.isArray(buffer)) return undefined;
  // Checked before anything is allocated: a sparse array's length costs nothing to claim.
  for (const byte of buffer) {
    if (typeof byte !== 'number' || !Number.isInteger(byte) || byte < 0 || byte > 255)
      return undefined;
  }
  const bytes = allocateBytes(buffer.length);
  bytes.set(buffer as number[]);
  return bytes;
}

/** Reads length-prefixed fields; `ok` turns false on the first field that runs past the end. */
class FieldReader {
  ok = true;
  constructor(
    private readonly bytes: Uint8Array,
    public offset: number,
  ) {}

  uint16(): number {
    if (this.offset + 2 > this.bytes.length) {
      this.ok = false;
      return 0;
    }
    const value = (this.bytes[this.offset] << 8) | this.bytes[this.offset + 1];
    this.offset += 2;
    return value;
  }

  /** Moves past one text field without decoding it. */
  skip(): void {
    const length = this.uint16();
    if (!this.ok || this.offset + length > this.bytes.length) this.ok = false;
    else this.offset += length;
  }

  text(): string {
    const length = this.uint16();
    if (!this.ok || this.offset + length > this.bytes.length) {
      this.ok = false;
      return '';
    }
    const text = decodeUtf8(this.bytes, this.offset, this.offset + length);
    this.offset += length;
    return text;
  }
}
