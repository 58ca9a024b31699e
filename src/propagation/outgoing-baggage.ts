import type { BaggageEntry, Context } from '@opentelemetry/api';
import { propagation } from '../internal/otel-api';
import { reportMisuse } from '../internal/report';
import { wellFormed } from '../internal/well-formed';
import { baggageEntries } from '../internal/baggage';
import {
  ITEM_HEADER_OVERHEAD,
  MAX_BAGGAGE_ENTRY_BYTES,
  MAX_INCOMING_BAGGAGE_BYTES,
  MAX_INCOMING_BAGGAGE_ENTRIES,
  MAX_OUTGOING_BAGGAGE_HEADER_BYTES,
  isKnownWithinLimits,
  isSafeBaggageProperties,
  markWithinLimits,
} from './baggage-limits';
import { fitsSurely } from './incoming-baggage';

/*
 * What goes out is bounded so that the next hop accepts it. The same baggage may go out in several
 * formats (W3C `baggage`, `uberctx-*`, `ot-baggage-*`): each copy keeps the W3C limits (180
 * entries, 8,192 bytes, 4,096 bytes an entry), and all copies together take at most 12 KB of
 * header bytes, which leaves 4 KB of Node's default 16 KB header limit for the request line, the
 * trace headers and the application's own headers. Entries are kept in order until a limit is
 * reached; what is left out is reported once. Lone surrogates become U+FFFD, so that no propagator
 * drops the whole header over one of them.
 */

/**
 * `otelContext` with its baggage cut to the outgoing limits for `formats` formats carrying it;
 * `otelContext` itself when it is within them.
 * @internal
 */
export function boundOutgoingBaggage(otelContext: Context, formats: number): Context {
  const baggage = propagation.getBaggage(otelContext);
  if (baggage === undefined || isKnownWithinLimits(baggage)) return otelContext;
  const entries = baggageEntries(baggage);
  if (fitsSurely(entries)) {
    markWithinLimits(baggage);
    return otelContext;
  }
  const formatCount = Math.max(1, formats);
  // No prototype: a key `__proto__` is an entry like any other.
  const kept = Object.create(null) as Record<string, BaggageEntry>;
  let count = 0;
  let w3cBytes = 0;
  let headerBytes = 0;
  let changed = false;
  for (const [rawKey, rawEntry] of entries) {
    const key = wellFormed(rawKey);
    const value = wellFormed(rawEntry.value);
    let entry = value === rawEntry.value ? rawEntry : { ...rawEntry, value };
    let metadata = entry.metadata?.toString() ?? '';
    if (metadata !== '' && !isSafeBaggageProperties(metadata)) {
      // The W3C propagator writes properties as they are: see isSafeBaggageProperties.
      metadata = '';
      entry = { value };
      reportCut();
    }
    if (key !== rawKey || entry !== rawEntry) changed = true;
    const pair = encodedLength(key) + 1 + encodedLength(value);
    const w3cEntry = pair + (metadata === '' ? 0 : 1 + metadata.length);
    if (w3cEntry > MAX_BAGGAGE_ENTRY_BYTES) {
      changed = true;
      reportCut();
      continue;
    }
    const itemHeaders = formatCount * (pair + metadata.length + ITEM_HEADER_OVERHEAD);
    if (
      count === MAX_INCOMING_BAGGAGE_ENTRIES ||
      w3cBytes + w3cEntry + (count > 0 ? 1 : 0) > MAX_INCOMING_BAGGAGE_BYTES ||
      headerBytes + itemHeaders > MAX_OUTGOING_BAGGAGE_HEADER_BYTES
    ) {
      changed = true;
      reportCut();
      break;
    }
    kept[key] = entry;
    count++;
    w3cBytes += w3cEntry + (count > 1 ? 1 : 0);
    headerBytes += itemHeaders;
  }
  if (!changed) return otelContext;
  return count === 0
    ? propagation.deleteBaggage(otelContext)
    : propagation.setBaggage(otelContext, propagation.createBaggage(kept));
}

/**
 * The length of `text` percent-encoded as UTF-8 (what encodeURIComponent and the header-safe
 * encoding write at most): ASCII letters, digits and `-._~` stay one byte.
 */
function encodedLength(text: string): number {
  let length = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) length += isUnreserved(code) ? 1 : 3;
    else if (code < 0x800) length += 6;
    else if (code >= 0xd800 && code <= 0xdfff)
      length += 6; // half of a 4-byte character: 12
    else length += 9;
  }
  return length;
}

function isUnreserved(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x2d ||
    code === 0x2e ||
    code === 0x5f ||
    code === 0x7e
  );
}

function reportCut(): void {
  reportMisuse(
    'outgoing-baggage-limit',
    'outgoing baggage over the limits (180 entries and 8192 bytes a format, 12 KB of headers in all formats) was cut',
  );
}
