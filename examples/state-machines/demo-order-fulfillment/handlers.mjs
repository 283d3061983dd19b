// Local stand-ins for the Lambda functions the order workflow calls.
// Every result is computed from the handler's input alone, except the demo outage switch
// (see ReserveInventory), which remembers one failed attempt per execution.

class InvalidOrder extends Error {
  name = 'InvalidOrder';
}
class OutOfStock extends Error {
  name = 'OutOfStock';
}
class InventoryServiceUnavailable extends Error {
  name = 'InventoryServiceUnavailable';
}
class PaymentDeclined extends Error {
  name = 'PaymentDeclined';
}

const CATALOGUE = {
  'KB-MECH-01': { description: 'Mechanical keyboard (US layout)', unitPrice: 129, stock: 40 },
  'MS-WL-02': { description: 'Wireless mouse', unitPrice: 49.5, stock: 120 },
  'MON-27-4K': { description: '27-inch 4K monitor', unitPrice: 449, stock: 8 },
  'DOCK-USB-C': { description: 'USB-C docking station', unitPrice: 199, stock: 15 },
  'CHAIR-ERGO-01': { description: 'Ergonomic office chair', unitPrice: 689, stock: 0 },
};

const round2 = (n) => Math.round(n * 100) / 100;

/** A short, stable hexadecimal digest (FNV-1a, 32 bits) so ids are reproducible. */
function digest(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).toUpperCase().padStart(8, '0');
}

// Execution keys whose first reservation attempt already failed (demo outage only).
const outageSeen = new Set();

export default {
  // Function ARN resource: the state input is the function's event, its result is the state result.
  ValidateOrder: async (order) => {
    const lines = order.items.map(({ sku, quantity }) => {
      const product = CATALOGUE[sku];
      if (!product) {
        throw new InvalidOrder(`Unknown SKU '${sku}'. Known SKUs: ${Object.keys(CATALOGUE).join(', ')}.`);
      }
      return {
        sku,
        description: product.description,
        quantity,
        unitPrice: product.unitPrice,
        lineTotal: round2(product.unitPrice * quantity),
      };
    });
    const shippingSpeed = order.shippingSpeed ?? 'STANDARD';
    const subtotal = round2(lines.reduce((sum, l) => sum + l.lineTotal, 0));
    const shipping = shippingSpeed === 'EXPRESS' ? 24.99 : subtotal >= 100 ? 0 : 9.99;
    return {
      order: { ...order, shippingSpeed, simulateInventoryOutage: order.simulateInventoryOutage ?? false },
      pricing: { lines, subtotal, shipping, total: round2(subtotal + shipping), currency: 'USD' },
    };
  },

  ScreenForFraud: async ({ orderId, customerId, total, country }) => {
    // A transparent stand-in for a risk model: the score grows with the amount.
    const riskScore = Math.min(99, Math.round(total / 250) + (country === 'US' ? 0 : 10));
    return { status: 'PASSED', riskScore, reference: `FRD-${digest(`${orderId}/${customerId}`)}` };
  },

  // arn:aws:states:::lambda:invoke: input { FunctionName, Payload }, result { StatusCode, Payload, ... }.
  ReserveInventory: async ({ Payload: request }) => {
    if (request.simulateOutage && !outageSeen.has(request.attemptKey)) {
      outageSeen.add(request.attemptKey);
      throw new InventoryServiceUnavailable(
        'Inventory service answered HTTP 503 (Service Unavailable); try again shortly.',
      );
    }
    outageSeen.delete(request.attemptKey);
    for (const { sku, quantity } of request.items) {
      const available = CATALOGUE[sku]?.stock ?? 0;
      if (quantity > available) {
        throw new OutOfStock(
          `SKU ${sku}: ${quantity} requested, ${available} available. Nothing was reserved or charged.`,
        );
      }
    }
    return {
      StatusCode: 200,
      ExecutedVersion: '$LATEST',
      Payload: { reservationId: `RSV-${request.orderId}`, warehouse: 'SEA-1' },
    };
  },

  ChargePayment: async ({ orderId, amount, currency, cardToken }) => {
    if (cardToken.startsWith('tok_chargeDeclined')) {
      const reason =
        cardToken === 'tok_chargeDeclinedInsufficientFunds' ? 'insufficient_funds' : 'generic_decline';
      throw new PaymentDeclined(`The card issuer declined the charge (${reason}).`);
    }
    return { paymentId: `PAY-${orderId}`, amount, currency, status: 'CAPTURED' };
  },

  ReleaseInventory: async ({ reservationId }) => ({ reservationId, status: 'RELEASED' }),

  CreateShipment: async ({ orderId, shippingSpeed }) => {
    const express = shippingSpeed === 'EXPRESS';
    return {
      carrier: 'UPS',
      service: express ? 'NEXT_DAY_AIR' : 'GROUND',
      trackingNumber: `1Z${digest(orderId)}${digest(`${orderId}:${shippingSpeed}`)}`,
      estimatedDeliveryDays: express ? 1 : 5,
    };
  },
};
