// Local stand-ins for the order payment lookup and the card refund Lambda functions.

class OrderNotFound extends Error {
  name = 'OrderNotFound';
}

// Paid orders: total charged and the amount refunded so far (USD).
const PAYMENTS = {
  'ORD-5001': { paymentId: 'PAY-ORD-5001', orderTotal: 187.49, alreadyRefunded: 0 },
  'ORD-5002': { paymentId: 'PAY-ORD-5002', orderTotal: 1299, alreadyRefunded: 0 },
  'ORD-5003': { paymentId: 'PAY-ORD-5003', orderTotal: 45, alreadyRefunded: 45 },
  'ORD-5004': { paymentId: 'PAY-ORD-5004', orderTotal: 320, alreadyRefunded: 120 },
};

const round2 = (n) => Math.round(n * 100) / 100;

/** A short, stable hexadecimal digest (FNV-1a, 32 bits). */
function digest(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).toUpperCase().padStart(8, '0');
}

export default {
  GetOrderPayment: async ({ orderId }) => {
    const payment = PAYMENTS[orderId];
    if (!payment) {
      throw new OrderNotFound(`No paid order has orderId '${orderId}'; nothing was refunded.`);
    }
    return {
      ...payment,
      currency: 'USD',
      refundableAmount: round2(payment.orderTotal - payment.alreadyRefunded),
    };
  },

  IssueRefund: async ({ amount, refundableAmount, idempotencyKey }) => ({
    refundId: `RF-${digest(idempotencyKey)}`,
    status: 'SUCCEEDED',
    remainingRefundable: round2(refundableAmount - amount),
  }),
};
