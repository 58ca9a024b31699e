// @ts-check
// JSDoc types in a JavaScript file: a destructured class used as a type, and import() types.
const { Span, globalTracer } = require('opentracing');

/** @type {Span | undefined} */
let current;

/**
 * @param {import('opentracing').SpanContext} spanContext
 * @returns {number}
 */
function idLength(spanContext) {
  return spanContext.toTraceId().length;
}

function run() {
  const span = globalTracer().startSpan('work');
  current = span;
  current.setTag('id.length', idLength(span.context()));
  current.finish();
}

module.exports = { run };
