// @ts-check
// JSDoc types in a JavaScript file: a destructured class used as a type, and import() types.
const { trace } = require('@opentelemetry/api');

/** @type {import('@opentelemetry/api').Span | undefined} */
let current;

/**
 * @param {import('@opentelemetry/api').SpanContext} spanContext
 * @returns {number}
 */
function idLength(spanContext) {
  return spanContext.traceId.length;
}

function run() {
  const span = trace.getTracer('svc').startSpan('work');
  current = span;
  current.setAttribute('id.length', idLength(span.spanContext()));
  current.end();
}

module.exports = { run };
