// @ts-check
// The same conversion in plain JavaScript: the function the rewrite adds has its parameter typed
// in JSDoc, so a checked file stays checked.
const { Tags, globalTracer } = require('opentracing');

const tracer = globalTracer();

/** @param {string} method */
function serve(method) {
  const span = tracer.startSpan('request', { tags: { [Tags.HTTP_METHOD]: method } });
  span.finish();
}

function run() {
  serve('delete');
  serve('purge');
}

module.exports = { run };
