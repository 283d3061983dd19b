// Local stand-ins for the approval queue and the card refund Lambda function.

class OrderNotFound extends Error {
  name = 'OrderNotFound';
}

// Paid orders that can be refunded.
const PAID_ORDERS = new Set(['ORD-7001', 'ORD-7002', 'ORD-7003']);

export default {
  // Sending the approval request: on AWS, SQS answers with the message id. The task token is in the
  // message (context.taskToken too); the person's answer comes back through SendTaskSuccess.
  AskForApproval: async () => ({ MessageId: 'local-approval-request' }),

  IssueRefund: async ({ Payload: { orderId } }) => {
    if (!PAID_ORDERS.has(orderId)) {
      throw new OrderNotFound(`No paid order has orderId '${orderId}'; nothing was refunded.`);
    }
    return { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: { refundId: `RF-${orderId.slice(4)}` } };
  },
};
