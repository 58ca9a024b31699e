// The service's tracer, and `traced`: run a function in a span that records its failure.
'use strict';
const opentracing = require('opentracing');
const { recordError } = require('./helpers');

const tracer = opentracing.globalTracer();

/**
 * Runs `fn` in a span named `name`, child of `parent` when there is one.
 * @template T
 * @param {string} name
 * @param {(span: import('opentracing').Span) => Promise<T>} fn
 * @param {import('opentracing').Span} [parent]
 * @returns {Promise<T>}
 */
async function traced(name, fn, parent) {
  const span = tracer.startSpan(name, parent ? { childOf: parent } : {});
  try {
    return await fn(span);
  } catch (err) {
    recordError(span, /** @type {Error} */ (err));
    throw err;
  } finally {
    span.finish();
  }
}

module.exports = { tracer, traced };
