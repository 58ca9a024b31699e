import type { AttributeValue, Attributes } from '@opentelemetry/api';
import { SpanKind } from '../internal/otel-api';
import {
  ATTR_CLIENT_ADDRESS,
  ATTR_CLIENT_PORT,
  ATTR_DB_NAMESPACE,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_SYSTEM_NAME,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_NETWORK_PEER_ADDRESS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FRAGMENT,
  ATTR_URL_FULL,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
  HTTP_REQUEST_METHOD_VALUE_OTHER,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_PEER_SERVICE,
  DB_SYSTEM_NAME_VALUE_OTHER_SQL,
} from './attribute-names';
import type { Tags } from 'opentracing';

/**
 * How tags are named on the OpenTelemetry span:
 * - `'opentracing'` (default): OpenTracing's names, as the code wrote them;
 * - `'otel'`: OpenTelemetry semantic-convention names, and HTTP status codes set the span status;
 * - `'both'`: both names, for the weeks when dashboards use either.
 */
export type SemanticConventionsMode = 'opentracing' | 'otel' | 'both';

/** One row of the translation table. */
export interface TagTranslation {
  /** The OpenTelemetry attribute, or `undefined` when OpenTelemetry has none (the tag is kept). */
  readonly otel: string | undefined;
  /** The attribute on server-side spans (kind SERVER or CONSUMER), when the peer is the client. */
  readonly otelServerSide?: string;
  /**
   * Converts the value to what the OpenTelemetry attribute expects; may add attributes to `out`.
   * `undefined`: the value goes under other attributes (in `out`), not under `otel`.
   */
  readonly value?: (value: AttributeValue, out: Attributes) => AttributeValue | undefined;
  /** What the bridge does with it, for the documentation. */
  readonly note: string;
}

/** Every OpenTracing standard span tag (the values of `opentracing.Tags` that name a tag). */
export type OpenTracingTagName = Exclude<
  (typeof Tags)[keyof typeof Tags],
  'client' | 'server' | 'producer' | 'consumer'
>;

/**
 * The HTTP methods OpenTelemetry's HTTP conventions list; another becomes `_OTHER`.
 * @internal
 */
export const KNOWN_HTTP_METHODS: ReadonlySet<string> = new Set([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'TRACE',
]);

/** A URL with a scheme (`https:`) or a host (`//host/path`): what `url.full` holds. */
const ABSOLUTE_URL = /^(?:[a-z][a-z\d+.-]*:|\/\/)/i;

/**
 * `/orders/1?x=1#top` as `url.path` (`/orders/1`), `url.query` (`x=1`) and `url.fragment` (`top`),
 * the last two only when the text has them, without their `?` and `#`.
 */
function splitUrlPath(url: string, out: Attributes): void {
  const hash = url.indexOf('#');
  const beforeHash = hash < 0 ? url : url.slice(0, hash);
  const question = beforeHash.indexOf('?');
  out[ATTR_URL_PATH] = question < 0 ? beforeHash : beforeHash.slice(0, question);
  if (question >= 0) out[ATTR_URL_QUERY] = beforeHash.slice(question + 1);
  if (hash >= 0) out[ATTR_URL_FRAGMENT] = url.slice(hash + 1);
}

/**
 * OpenTracing standard span tags (OpenTracing specification, semantic conventions) and their
 * current stable OpenTelemetry attributes. Shared by the bridge and the `ot-migrate` codemod.
 */
export const TAG_TRANSLATIONS: { readonly [Name in OpenTracingTagName]: TagTranslation } = {
  component: {
    otel: undefined,
    note: 'No per-span equivalent (OpenTelemetry records the library as the instrumentation scope); kept as `component`.',
  },
  'db.instance': { otel: ATTR_DB_NAMESPACE, note: 'The database name.' },
  'db.statement': { otel: ATTR_DB_QUERY_TEXT, note: 'The query text.' },
  'db.type': {
    otel: ATTR_DB_SYSTEM_NAME,
    value: (value) => {
      if (typeof value !== 'string') return value;
      const system = value.toLowerCase();
      return system === 'sql' ? DB_SYSTEM_NAME_VALUE_OTHER_SQL : system;
    },
    note: 'Lower-cased; the generic `sql` becomes `other_sql`.',
  },
  'db.user': {
    otel: undefined,
    note: 'Removed from OpenTelemetry semantic conventions (no replacement); kept as `db.user`.',
  },
  error: {
    otel: undefined,
    note: 'Never an attribute: `true` sets status ERROR, `false` sets OK, in every mode.',
  },
  'http.method': {
    otel: ATTR_HTTP_REQUEST_METHOD,
    value: (value, out) => {
      if (typeof value !== 'string') return value;
      const method = value.toUpperCase();
      if (KNOWN_HTTP_METHODS.has(method)) return method;
      out[ATTR_HTTP_REQUEST_METHOD_ORIGINAL] = value;
      return HTTP_REQUEST_METHOD_VALUE_OTHER;
    },
    note: 'Upper-cased; a method OpenTelemetry does not list becomes `_OTHER`, with the original in `http.request.method_original`.',
  },
  'http.status_code': {
    otel: ATTR_HTTP_RESPONSE_STATUS_CODE,
    value: (value) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value),
    note: 'As an integer. Sets status ERROR for 5xx, and for 4xx on client spans (with `error.type`), in `otel` and `both` modes.',
  },
  'http.url': {
    otel: ATTR_URL_FULL,
    value: (value, out) => {
      if (typeof value !== 'string' || ABSOLUTE_URL.test(value)) return value;
      splitUrlPath(value, out);
      return undefined;
    },
    note: "The full URL. A path without scheme or host (a server's `req.url`) becomes `url.path`, with `url.query` and `url.fragment`: `url.full` is absolute.",
  },
  'message_bus.destination': {
    otel: ATTR_MESSAGING_DESTINATION_NAME,
    note: 'OpenTelemetry messaging conventions are still in development.',
  },
  'peer.address': {
    otel: ATTR_SERVER_ADDRESS,
    otelServerSide: ATTR_CLIENT_ADDRESS,
    note: 'The peer: `server.address` on client-side spans, `client.address` on server and consumer spans.',
  },
  'peer.hostname': {
    otel: ATTR_SERVER_ADDRESS,
    otelServerSide: ATTR_CLIENT_ADDRESS,
    note: 'As `peer.address`.',
  },
  'peer.ipv4': { otel: ATTR_NETWORK_PEER_ADDRESS, note: 'The socket-level peer address.' },
  'peer.ipv6': { otel: ATTR_NETWORK_PEER_ADDRESS, note: 'The socket-level peer address.' },
  'peer.port': {
    otel: ATTR_SERVER_PORT,
    otelServerSide: ATTR_CLIENT_PORT,
    note: '`server.port` on client-side spans, `client.port` on server and consumer spans.',
  },
  'peer.service': {
    otel: ATTR_PEER_SERVICE,
    note: 'Same name in OpenTelemetry (still in development there).',
  },
  'sampling.priority': {
    otel: undefined,
    note: 'No OpenTelemetry attribute; kept, and given at creation so `SamplingPrioritySampler` can honour it. Above 0 at start also marks the trace debug on the wire, as jaeger-client does.',
  },
  'span.kind': {
    otel: undefined,
    note: 'Never an attribute when given at start: it becomes the span kind, in every mode.',
  },
};

/** Map lookup, so a tag named like an `Object.prototype` member cannot match. */
const TRANSLATIONS_BY_TAG: ReadonlyMap<string, TagTranslation> = new Map(
  Object.entries(TAG_TRANSLATIONS),
);

/**
 * The translation-table row of a tag, if it is an OpenTracing standard tag.
 * @internal
 */
export function tagTranslation(key: string): TagTranslation | undefined {
  return TRANSLATIONS_BY_TAG.get(key);
}

/**
 * The attribute name a tag is written under when that is all there is to it — no value conversion,
 * no status — else `undefined` (then use {@link writeTag}). Tags without a translation keep their
 * name. For the translating modes only.
 * @internal
 */
export function simpleTranslation(key: string, kind: SpanKind): string | undefined {
  const translation = TRANSLATIONS_BY_TAG.get(key);
  if (translation === undefined || translation.otel === undefined) return key;
  if (translation.value !== undefined) return undefined;
  const serverSide = kind === SpanKind.SERVER || kind === SpanKind.CONSUMER;
  return (serverSide && translation.otelServerSide) || translation.otel;
}

/**
 * Writes one tag into `out` under the names the mode asks for.
 * @internal
 */
export function writeTag(
  out: Attributes,
  key: string,
  value: AttributeValue,
  mode: SemanticConventionsMode,
  kind: SpanKind,
): void {
  const translation = mode === 'opentracing' ? undefined : TRANSLATIONS_BY_TAG.get(key);
  if (translation === undefined || translation.otel === undefined) {
    out[key] = value;
    return;
  }
  const serverSide = kind === SpanKind.SERVER || kind === SpanKind.CONSUMER;
  const name = (serverSide && translation.otelServerSide) || translation.otel;
  if (mode === 'both' && name !== key) out[key] = value;
  const converted = translation.value ? translation.value(value, out) : value;
  if (converted !== undefined) out[name] = converted;
}
