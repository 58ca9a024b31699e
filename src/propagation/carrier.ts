import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import { decodeUtf8, encodeUtf8 } from '../internal/bytes';
import { reportMisuse } from '../internal/report';
import {
  encodeHeaderName,
  encodeHeaderValue,
  isSafeHeaderName,
  isSafeHeaderValue,
} from './header-safety';
import {
  MAX_CARRIER_KEYS,
  MAX_HEADER_CHARS,
  MAX_HEADER_MEMBERS,
  boundHeaderValue,
  boundHeaderValues,
  boundKeys,
} from './incoming-text';
import { metadataKeys } from './metadata-keys';

/*
 * Carriers for FORMAT_TEXT_MAP and FORMAT_HTTP_HEADERS. Each kind gets one getter and one setter,
 * shared by every call (no allocation per inject/extract):
 *
 * - plain objects: `{}`, Node's `req.headers` (lower-case keys, arrays for repeated headers),
 *   amqplib's `msg.properties.headers` and publish `options.headers`; lookup falls back to a
 *   case-insensitive match;
 * - an amqplib message itself (`{ content: Buffer, properties: { headers } }`): its headers;
 * - fetch `Headers` and look-alikes (undici, node-fetch) and `Map`s (`get`/`set`/`has`/`keys`);
 * - `@grpc/grpc-js` `Metadata` (`get`/`set`/`getMap`);
 * - Node outgoing messages, `http.ClientRequest` and `http.ServerResponse` (`setHeader`/`getHeader`).
 *
 * Getters hand the propagator strings or arrays of strings only (bytes — a Uint8Array, such as a
 * Node Buffer — are read as UTF-8, numbers and booleans as text); anything else, and any carrier
 * that throws, reads as absent.
 * Setters write header-safe names and values only (see header-safety.ts) and never throw.
 */

type PlainCarrier = Record<string, unknown>;

/** How to read and write one kind of carrier. @internal */
export interface CarrierCodec {
  getter: TextMapGetter<never>;
  setter: TextMapSetter<never>;
}

interface FetchHeadersLike {
  get(name: string): string | null;
  set(name: string, value: string): void;
  keys(): Iterable<string>;
}

interface GrpcMetadataLike {
  get(key: string): unknown[];
  set(key: string, value: string | Uint8Array): void;
  getMap(): Record<string, unknown>;
}

interface OutgoingMessageLike {
  getHeader(name: string): unknown;
  setHeader(name: string, value: string): unknown;
  getHeaderNames(): string[];
}

/**
 * The object a propagator should read or write: the carrier itself, or the headers of an amqplib
 * message (created empty for an inject when the message has none).
 * @internal
 */
export function carrierTarget(carrier: object, forWrite: boolean): object {
  const candidate = carrier as { content?: unknown; properties?: { headers?: object } | null };
  // A Buffer is a Uint8Array: this holds for amqplib's messages without naming Node's Buffer.
  if (!(candidate.content instanceof Uint8Array)) return carrier;
  const properties = candidate.properties;
  if (typeof properties !== 'object' || properties === null) return carrier;
  if (properties.headers === undefined || properties.headers === null) {
    // Only an inject may add a headers object; an extract leaves the message as it was.
    if (!forWrite) return {};
    properties.headers = {};
  }
  return properties.headers;
}

/**
 * Chooses how to read and write a carrier: one of a few shared codecs, chosen by the carrier's shape.
 * @internal
 */
export function carrierCodec(carrier: object): CarrierCodec {
  // Plain and null-prototype objects (`{}`, Node's `req.headers`) are the common case: no probing.
  const prototype = Object.getPrototypeOf(carrier) as unknown;
  if (prototype === Object.prototype || prototype === null) return PLAIN;
  const candidate = carrier as Record<string, unknown>;
  if (typeof candidate.getMap === 'function' && typeof candidate.set === 'function') {
    return GRPC_METADATA;
  }
  // fetch's Headers, undici's and node-fetch's (by shape: other copies fail instanceof), and Maps.
  if (
    typeof candidate.get === 'function' &&
    typeof candidate.set === 'function' &&
    typeof candidate.has === 'function' &&
    typeof candidate.keys === 'function'
  ) {
    return FETCH_HEADERS;
  }
  if (typeof candidate.setHeader === 'function' && typeof candidate.getHeader === 'function') {
    return OUTGOING_MESSAGE;
  }
  return PLAIN;
}

/*
 * The plain carrier being read by the current extract, listed once: its first MAX_CARRIER_KEYS
 * keys. Listed on the first lookup that misses (or the first key listing): listing a large
 * object's keys costs time in proportion to its size (thousands of keys in a hostile AMQP
 * message), and must happen once per extract, not once per lookup. A key absent from most
 * carriers (`tracestate`) misses on every extract: in a carrier of a request's size a miss
 * compares lengths down the list and lower-cases only the keys of the right length, which costs
 * less than indexing every key (docs/performance.md); a larger carrier is indexed once, by the
 * lower-case form of its keys that are not lower-case, so that each further miss is one Map read.
 * Extracts do not nest, so one slot is enough; it is cleared when the extract ends
 * ({@link endCarrierRead}), as the carrier may change afterwards.
 */
let listedCarrier: object | undefined;
let listedKeys: readonly string[] = [];
// Made when first needed: the listed keys lower-cased (for key listings), and the index.
let lowerCasedKeys: string[] | undefined;
let originalKeys: Map<string, string> | undefined;

// The most keys searched one by one on a miss; a carrier with more is indexed.
const MOST_SCANNED_KEYS = 32;

function listCarrier(carrier: PlainCarrier): void {
  if (listedCarrier === carrier) return;
  const keys = Object.keys(carrier);
  listedKeys = keys.length > MAX_CARRIER_KEYS ? boundKeys(keys) : keys;
  lowerCasedKeys = undefined;
  originalKeys = undefined;
  listedCarrier = carrier;
}

/** The first listed key that is `lowerKey` in another case, if any. */
function otherCaseKey(lowerKey: string): string | undefined {
  if (listedKeys.length <= MOST_SCANNED_KEYS) {
    for (const key of listedKeys) {
      if (key.length === lowerKey.length && key !== lowerKey && key.toLowerCase() === lowerKey) {
        return key;
      }
    }
    return undefined;
  }
  originalKeys ??= indexByLowerCase(listedKeys);
  return originalKeys.get(lowerKey);
}

/** Each key that is not lower-case by its lower-case form (the first, when several share one). */
function indexByLowerCase(keys: readonly string[]): Map<string, string> {
  const originals = new Map<string, string>();
  for (const key of keys) {
    const lower = key.toLowerCase();
    if (lower !== key && !originals.has(lower)) originals.set(lower, key);
  }
  return originals;
}

/**
 * Forgets what was learnt of a carrier's keys during one extract.
 * @internal
 */
export function endCarrierRead(carrier: object): void {
  if (listedCarrier !== carrier) return;
  listedCarrier = undefined;
  listedKeys = [];
  lowerCasedKeys = undefined;
  originalKeys = undefined;
}

/** The getter for plain objects. @internal */
export const plainGetter: TextMapGetter<PlainCarrier> = {
  // Plain objects are the common case: guarded inline rather than through a closure.
  get(carrier, key) {
    try {
      const value = carrier[key];
      if (value !== undefined) return toText(value);
      listCarrier(carrier);
      const original = otherCaseKey(key.toLowerCase());
      return original === undefined ? undefined : toText(carrier[original]);
    } catch {
      return reportUnreadable();
    }
  },
  keys(carrier) {
    try {
      // Lower-cased like HTTP header names, so prefix scans (`uberctx-`, `ot-baggage-`) match any
      // case; `get` finds each key again.
      listCarrier(carrier);
      lowerCasedKeys ??= listedKeys.map((key) => key.toLowerCase());
      return lowerCasedKeys.slice();
    } catch {
      return reportUnreadable() ?? [];
    }
  },
};

/** The setter for plain objects. @internal */
export const plainSetter: TextMapSetter<PlainCarrier> = {
  set(carrier, key, value) {
    try {
      carrier[safeName(key)] = safeValue(value);
    } catch {
      reportUnwritable();
    }
  },
};

const PLAIN: CarrierCodec = {
  getter: plainGetter,
  setter: plainSetter,
};

const FETCH_HEADERS: CarrierCodec = {
  getter: {
    get: (carrier: FetchHeadersLike, key: string) => guardedRead(() => toText(carrier.get(key))),
    keys: (carrier: FetchHeadersLike) => guardedRead(() => boundKeys(carrier.keys())) ?? [],
  },
  setter: {
    set: (carrier: FetchHeadersLike, key: string, value: string) =>
      guardedWrite(() => carrier.set(safeName(key), safeValue(value))),
  },
};

const GRPC_METADATA: CarrierCodec = {
  getter: {
    get: (carrier: GrpcMetadataLike, key: string) =>
      guardedRead(() => toText(carrier.get(key.toLowerCase()))),
    keys: (carrier: GrpcMetadataLike) => guardedRead(() => metadataKeys(carrier)) ?? [],
  },
  setter: {
    set: (carrier: GrpcMetadataLike, key: string, value: string) =>
      guardedWrite(() => setGrpcMetadata(carrier, key, value)),
  },
};

// What @grpc/grpc-js's Metadata#set accepts (it throws on anything else): keys of lower-case
// letters, digits, '_', '.', '-'; values of printable ASCII, or Buffers for keys ending in '-bin'
// (encodeUtf8 gives a Buffer in Node).
const GRPC_KEY = /^[0-9a-z_.-]+$/;
const GRPC_BINARY_SUFFIX = '-bin';

function setGrpcMetadata(carrier: GrpcMetadataLike, key: string, value: string): void {
  const name = safeName(key).toLowerCase();
  if (!GRPC_KEY.test(name)) {
    // A percent-encoded baggage key ('%' is not allowed): gRPC has no way to carry it.
    reportMisuse(
      'grpc-key',
      'a header name gRPC metadata cannot hold (only a-z 0-9 _ . - are allowed) was left out',
    );
    return;
  }
  if (name.endsWith(GRPC_BINARY_SUFFIX)) carrier.set(name, encodeUtf8(value));
  else carrier.set(name, safeValue(value).replace(TABS, '%09'));
}

const TABS = /\t/g;

const OUTGOING_MESSAGE: CarrierCodec = {
  getter: {
    get: (carrier: OutgoingMessageLike, key: string) =>
      guardedRead(() => toText(carrier.getHeader(key))),
    keys: (carrier: OutgoingMessageLike) =>
      guardedRead(() => boundKeys(carrier.getHeaderNames())) ?? [],
  },
  setter: {
    set: (carrier: OutgoingMessageLike, key: string, value: string) =>
      guardedWrite(() => carrier.setHeader(safeName(key), safeValue(value))),
  },
};

/**
 * What a propagator may receive: a string or a list of strings within the bounds of
 * incoming-text.ts, or nothing.
 */
function toText(value: unknown): string | string[] | undefined {
  if (typeof value === 'string') return boundHeaderValue(value);
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    const texts: string[] = [];
    // Only as many items as could still be read: an array of a million items costs no more.
    const end = Math.min(value.length, MAX_HEADER_MEMBERS);
    for (let index = 0; index < end; index++) {
      const text = toText(value[index]);
      if (typeof text === 'string') texts.push(text);
    }
    if (texts.length === 0) return undefined;
    if (texts.length === 1) return texts[0];
    return boundHeaderValues(texts);
  }
  if (value instanceof Uint8Array) {
    return boundHeaderValue(decodeUtf8(value, 0, Math.min(value.length, MAX_HEADER_CHARS * 4)));
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

// Header names repeat (traceparent, baggage, uber-trace-id…): remember the ones found safe.
const SAFE_NAMES = new Set<string>();
const MAX_REMEMBERED_NAMES = 256;

// Only short names: a caller's baggage keys become header names, and must not fill the memory.
const MAX_REMEMBERED_NAME_LENGTH = 64;

function safeName(name: string): string {
  if (SAFE_NAMES.has(name)) return name;
  if (!isSafeHeaderName(name)) return encodeHeaderName(name);
  if (SAFE_NAMES.size < MAX_REMEMBERED_NAMES && name.length <= MAX_REMEMBERED_NAME_LENGTH) {
    SAFE_NAMES.add(name);
  }
  return name;
}

function safeValue(value: string): string {
  return isSafeHeaderValue(value) ? value : encodeHeaderValue(value);
}

function guardedRead<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return reportUnreadable();
  }
}

function guardedWrite(write: () => unknown): void {
  try {
    write();
  } catch {
    reportUnwritable();
  }
}

function reportUnreadable(): undefined {
  reportMisuse('carrier', 'a carrier threw when read; it was read as empty');
  return undefined;
}

function reportUnwritable(): void {
  reportMisuse('carrier-write', 'a carrier refused a write; the value was not written');
}
