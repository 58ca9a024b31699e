// Span helpers shared by the handlers.
'use strict';
const { Tags } = require('opentracing');

/**
 * Records a failure on the span, if there is one.
 * @param {import('opentracing').Span | undefined} span
 * @param {Error} err
 */
function recordError(span, err) {
  if (span) {
    span.setTag(Tags.ERROR, true);
    span.log({ event: 'error', 'error.object': err, message: err.message, stack: err.stack });
  }
}

/**
 * @param {import('opentracing').Span} span
 * @param {import('./gateway').Order} order
 */
function annotateOrder(span, order) {
  const { id, cents, currency } = order;
  span.addTags({ 'order.id': id, 'order.currency': currency });
  span.log({ event: 'charging', cents });
}

module.exports = { recordError, annotateOrder };
