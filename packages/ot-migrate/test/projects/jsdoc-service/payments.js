// The charge endpoint: continues the caller's trace, checks the order for fraud, charges the card.
'use strict';
const { Tags, FORMAT_HTTP_HEADERS } = require('opentracing');
const { annotateOrder, recordError } = require('./helpers');
const { tracer, traced } = require('./tracing');

/** @typedef {{ status: number, receipt?: { id: string } }} ChargeResult */

/** @param {import('./gateway').Gateway} gateway */
function createPayments(gateway) {
  /**
   * @param {Record<string, string>} headers
   * @param {import('./gateway').Order} order
   * @returns {Promise<ChargeResult>}
   */
  async function charge(headers, order) {
    const parent = tracer.extract(FORMAT_HTTP_HEADERS, headers);
    const span = tracer.startSpan('POST /charges', {
      childOf: parent || undefined,
      tags: { [Tags.SPAN_KIND]: Tags.SPAN_KIND_RPC_SERVER, [Tags.HTTP_METHOD]: 'POST' },
    });
    const tenant = span.getBaggageItem('tenant');
    if (tenant) span.setTag('tenant.id', tenant);
    annotateOrder(span, order);
    try {
      const score = await traced(
        'fraud check',
        async (check) => {
          const result = await gateway.score(order);
          check.setTag('fraud.score', result);
          return result;
        },
        span,
      );
      if (score > 0.8) {
        span.setTag(Tags.HTTP_STATUS_CODE, 403);
        return { status: 403 };
      }
      const receipt = await traced(
        'gateway charge',
        async (call) => {
          call.setTag(Tags.PEER_SERVICE, 'card-gateway');
          return gateway.charge(order);
        },
        span,
      );
      span.setTag(Tags.HTTP_STATUS_CODE, 201);
      span.log({ event: 'charged', receipt: receipt.id });
      return { status: 201, receipt };
    } catch (err) {
      recordError(span, /** @type {Error} */ (err));
      span.setTag(Tags.HTTP_STATUS_CODE, 502);
      return { status: 502 };
    } finally {
      span.finish();
    }
  }

  return { charge };
}

module.exports = { createPayments };
