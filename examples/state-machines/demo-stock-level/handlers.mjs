// Local stand-in for the inventory-stock-level Lambda function. This machine deliberately has
// no description, no Comment and no input schema: it shows the fallback tool description.

class UnknownSku extends Error {
  name = 'UnknownSku';
}

const STOCK = {
  'KB-MECH-01': { onHand: 46, reserved: 6 },
  'MS-WL-02': { onHand: 131, reserved: 11 },
  'MON-27-4K': { onHand: 9, reserved: 1 },
  'DOCK-USB-C': { onHand: 15, reserved: 0 },
  'CHAIR-ERGO-01': { onHand: 2, reserved: 2 },
};

export default {
  GetStockLevel: async ({ sku }) => {
    const level = STOCK[sku];
    if (!level) throw new UnknownSku(`SKU '${sku}' is not stocked in warehouse SEA-1.`);
    return { sku, warehouse: 'SEA-1', ...level, available: level.onHand - level.reserved };
  },
};
