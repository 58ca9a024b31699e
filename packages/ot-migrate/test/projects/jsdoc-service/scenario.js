// Four charges: a plain one, one from a traced checkout service (trace context and baggage in its
// headers), one the fraud check stops, and one the gateway declines.
'use strict';
const { DECLINED_CARD, FLAGGED_CARD, Gateway } = require('./gateway');
const { createPayments } = require('./payments');

async function run() {
  const payments = createPayments(new Gateway());
  await payments.charge(
    {},
    { id: 'o-1', cents: 1250, currency: 'EUR', card: '4242-4242-4242-4242' },
  );
  await payments.charge(
    {
      traceparent: '00-e2f3a4b5c6d7e8f90a1b2c3d4e5f6a7b-fedcba9876543210-01',
      baggage: 'tenant=acme',
    },
    { id: 'o-2', cents: 990, currency: 'EUR', card: '4242-4242-4242-4242' },
  );
  await payments.charge({}, { id: 'o-3', cents: 500000, currency: 'USD', card: FLAGGED_CARD });
  await payments.charge({}, { id: 'o-4', cents: 300, currency: 'USD', card: DECLINED_CARD });
}

module.exports = { run };
