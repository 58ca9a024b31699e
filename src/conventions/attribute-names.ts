/*
 * The OpenTelemetry semantic-convention names the bridge writes or reads: the one home for them.
 *
 * They are strings fixed by the specification, written out here rather than imported from
 * `@opentelemetry/semantic-conventions`: that package's CommonJS entry (what Node and many bundlers
 * load) cannot be tree-shaken, and brought every name it defines into a browser bundle for the few
 * used here (docs/browser.md has the sizes). test/conventions/attribute-names.test.ts checks each
 * against the package. The constants keep the package's names, so a search for one finds both.
 */

// Stable conventions.
/** @internal */
export const ATTR_CLIENT_ADDRESS = 'client.address';
/** @internal */
export const ATTR_CLIENT_PORT = 'client.port';
/** @internal */
export const ATTR_DB_NAMESPACE = 'db.namespace';
/** @internal */
export const ATTR_DB_QUERY_TEXT = 'db.query.text';
/** @internal */
export const ATTR_DB_SYSTEM_NAME = 'db.system.name';
/** @internal */
export const ATTR_ERROR_TYPE = 'error.type';
/** @internal */
export const ATTR_EXCEPTION_MESSAGE = 'exception.message';
/** @internal */
export const ATTR_EXCEPTION_STACKTRACE = 'exception.stacktrace';
/** @internal */
export const ATTR_EXCEPTION_TYPE = 'exception.type';
/** @internal */
export const ATTR_HTTP_REQUEST_METHOD = 'http.request.method';
/** @internal */
export const ATTR_HTTP_REQUEST_METHOD_ORIGINAL = 'http.request.method_original';
/** @internal */
export const ATTR_HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';
/** @internal */
export const ATTR_NETWORK_PEER_ADDRESS = 'network.peer.address';
/** @internal */
export const ATTR_SERVER_ADDRESS = 'server.address';
/** @internal */
export const ATTR_SERVER_PORT = 'server.port';
/** @internal */
export const ATTR_SERVICE_NAME = 'service.name';
/** @internal */
export const ATTR_URL_FRAGMENT = 'url.fragment';
/** @internal */
export const ATTR_URL_FULL = 'url.full';
/** @internal */
export const ATTR_URL_PATH = 'url.path';
/** @internal */
export const ATTR_URL_QUERY = 'url.query';
/** @internal */
export const HTTP_REQUEST_METHOD_VALUE_OTHER = '_OTHER';

// Conventions still in development (the package's `incubating` entry).
/** @internal */
export const ATTR_MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
/** @internal */
export const ATTR_PEER_SERVICE = 'peer.service';
/** @internal */
export const DB_SYSTEM_NAME_VALUE_OTHER_SQL = 'other_sql';
