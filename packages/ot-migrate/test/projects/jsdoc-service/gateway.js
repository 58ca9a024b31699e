// A stand-in for a card payment gateway and its fraud scoring. Nothing here knows about tracing.
'use strict';

/** @typedef {{ id: string, cents: number, currency: string, card: string }} Order */

const FLAGGED_CARD = '4000-0000-0000-0002';
const DECLINED_CARD = '4000-0000-0000-9995';

class Gateway {
  /**
   * The likelihood that the order is fraudulent, from 0 to 1.
   * @param {Order} order
   * @returns {Promise<number>}
   */
  async score(order) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return order.card === FLAGGED_CARD ? 0.95 : 0.1;
  }

  /**
   * @param {Order} order
   * @returns {Promise<{ id: string }>}
   */
  async charge(order) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (order.card === DECLINED_CARD) throw new Error('card declined: insufficient funds');
    return { id: `ch_${order.id}` };
  }
}

module.exports = { Gateway, FLAGGED_CARD, DECLINED_CARD };
