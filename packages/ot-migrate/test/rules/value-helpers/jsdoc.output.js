// @ts-check
// The same conversion in plain JavaScript: the function the rewrite adds has its parameter typed
// in JSDoc, so a checked file stays checked.
const { trace } = require('@opentelemetry/api');

const tracer = trace.getTracer('svc');

/**
 * @param {string} method
 * @param {string} url
 */
function serve(method, url) {
  const span = tracer.startSpan('request', {
    attributes: { ...httpRequestMethod(method), ...urlAttributes(url) },
  });
  span.end();
}

function run() {
  serve('delete', '/orders/1?full=1#items');
  serve('purge', 'https://cache.internal/orders');
}

module.exports = { run };

/**
 * `http.request.method` as OpenTelemetry's HTTP conventions write it (as the bridge did with
 * `http.method`): upper-cased; a method they do not list is `_OTHER`, with the original.
 * @param {string | null | undefined} method
 * @returns {Record<string, string>}
 */
function httpRequestMethod(method) {
  if (method === undefined || method === null) return {};
  const known = ['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE'];
  const upper = method.toUpperCase();
  return known.includes(upper)
    ? { 'http.request.method': upper }
    : { 'http.request.method': '_OTHER', 'http.request.method_original': method };
}

/**
 * `http.url` as OpenTelemetry's URL conventions write it (as the bridge did): `url.full` for a
 * URL with a scheme or host; a path (`req.url`) as `url.path`, with `url.query` and
 * `url.fragment`.
 * @param {string | null | undefined} url
 * @returns {Record<string, string>}
 */
function urlAttributes(url) {
  if (url === undefined || url === null) return {};
  if (/^(?:[a-z][a-z\d+.-]*:|\/\/)/i.test(url)) return { 'url.full': url };
  const hash = url.indexOf('#');
  const beforeHash = hash < 0 ? url : url.slice(0, hash);
  const question = beforeHash.indexOf('?');
  /** @type {Record<string, string>} */
  const attributes = {
    'url.path': question < 0 ? beforeHash : beforeHash.slice(0, question),
  };
  if (question >= 0) attributes['url.query'] = beforeHash.slice(question + 1);
  if (hash >= 0) attributes['url.fragment'] = url.slice(hash + 1);
  return attributes;
}
