// @ts-check
// The same conversion in plain JavaScript: the function the rewrite adds has its parameter typed
// in JSDoc, so a checked file stays checked.
const { Tags, globalTracer } = require('opentracing');

const tracer = globalTracer();

/**
 * @param {string} method
 * @param {string} url
 */
function serve(method, url) {
  const span = tracer.startSpan('request', {
    tags: { [Tags.HTTP_METHOD]: method, [Tags.HTTP_URL]: url },
  });
  span.finish();
}

function run() {
  serve('delete', '/orders/1?full=1#items');
  serve('purge', 'https://cache.internal/orders');
}

module.exports = { run };
