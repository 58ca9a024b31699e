import type { SpanContext } from '@opentelemetry/api';
import {
  INVALID_SPAN_CONTEXT,
  baggageEntryMetadataFromString,
  createTraceState,
  isSpanContextValid,
} from '../internal/otel-api';
import { reportMisuse } from '../internal/report';
import { SpanContextShim } from '../span-context';
import { EMPTY_BAGGAGE } from '../context/baggage';
import { IncomingBaggageBuilder } from './incoming-baggage';

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
 * Encodes a span context and its baggage. Returns `undefined` when there is nothing to carry
 * (an invalid span context and no baggage). A field longer than 65,535 bytes is dropped, with a
 * one-time warning, rather than written truncated.
 * @internal
 */
export function encodeBinary(shim: SpanContextShim): Buffer | undefined {
  const spanContext = shim.getSpanContext();
  const valid = isSpanContextValid(spanContext);
  const entries = shim.getBaggage().getAllEntries();
  if (!valid && entries.length === 0) return undefined;

  const fields: Buffer[] = [];
  const traceState = valid ? (spanContext.traceState?.serialize() ?? '') : '';
  pushText(fields, fitsField(traceState) ? traceState : '');
  let count = 0;
  const entryFields: Buffer[] = [];
  for (const [key, entry] of entries) {
    const metadata = entry.metadata?.toString() ?? '';
    if (!fitsField(key) || !fitsField(entry.value) || !fitsField(metadata)) continue;
    pushText(entryFields, key);
    pushText(entryFields, entry.value);
    pushText(entryFields, metadata);
    count++;
    if (count === MAX_FIELD_BYTES) break;
  }
  const header = Buffer.alloc(HEADER_BYTES);
  header[0] = BINARY_FORMAT_VERSION;
  if (valid) {
    header.write(spanContext.traceId, 1, 16, 'hex');
    header.write(spanContext.spanId, 17, 8, 'hex');
    header[25] = spanContext.traceFlags & 0xff;
  }
  const countField = Buffer.alloc(2);
  countField.writeUInt16BE(count, 0);
  return Buffer.concat([header, ...fields, countField, ...entryFields]);
}

function fitsField(text: string): boolean {
  if (Buffer.byteLength(text, 'utf8') <= MAX_FIELD_BYTES) return true;
  reportMisuse(
    'binary-too-large',
    'a field longer than 65,535 bytes was left out of a binary carrier',
  );
  return false;
}

function pushText(into: Buffer[], text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  const length = Buffer.alloc(2);
  length.writeUInt16BE(bytes.length, 0);
  into.push(length, bytes);
}

/**
 * Decodes a buffer written by {@link encodeBinary}. Returns `null` for anything malformed (wrong
 * version, wrong length, bytes out of range) and for a buffer that carries neither a valid span
 * context nor baggage.
 * @internal
 */
export function decodeBinary(buffer: unknown): SpanContextShim | null {
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
    traceId: bytes.toString('hex', 1, 17),
    spanId: bytes.toString('hex', 17, 25),
    traceFlags: bytes[25],
    isRemote: true,
    ...(traceState === '' ? {} : { traceState: createTraceState(traceState) }),
  };
  const valid = isSpanContextValid(spanContext);
  const baggage = builder.build() ?? EMPTY_BAGGAGE;
  if (!valid && baggage === EMPTY_BAGGAGE) return null;
  return new SpanContextShim(valid ? spanContext : INVALID_SPAN_CONTEXT, baggage);
}

function malformed(): null {
  reportMisuse('binary-malformed', 'a malformed binary carrier was read as empty');
  return null;
}

/** Accepts a Buffer, any typed array of bytes, or an array of integers 0-255. */
function toBytes(buffer: unknown): Buffer | undefined {
  if (Buffer.isBuffer(buffer)) return buffer;
  if (buffer instanceof Uint8Array)
    return Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (!Array.isArray(buffer)) return undefined;
  for (const byte of buffer) {
    if (typeof byte !== 'number' || !Number.isInteger(byte) || byte < 0 || byte > 255)
      return undefined;
  }
  return Buffer.from(buffer as number[]);
}

/** Reads length-prefixed fields; `ok` turns false on the first field that runs past the end. */
class FieldReader {
  ok = true;
  constructor(
    private readonly bytes: Buffer,
    public offset: number,
  ) {}

  uint16(): number {
    if (this.offset + 2 > this.bytes.length) {
      this.ok = false;
      return 0;
    }
    const value = this.bytes.readUInt16BE(this.offset);
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
    const text = this.bytes.toString('utf8', this.offset, this.offset + length);
    this.offset += length;
    return text;
  }
}
