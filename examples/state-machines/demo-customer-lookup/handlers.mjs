// Local stand-in for the customer-directory-lookup Lambda function.
// The engine calls the handler keyed by the Task state's name instead of the Resource.

class CustomerNotFound extends Error {
  name = 'CustomerNotFound';
}

const CUSTOMERS = [
  {
    customerId: 'C-1001',
    name: 'Ana Souza',
    email: 'ana.souza@example.com',
    tier: 'GOLD',
    status: 'ACTIVE',
    customerSince: '2019-04-12',
    country: 'BR',
    openOrders: 2,
    lifetimeValue: { amount: 4820.5, currency: 'USD' },
  },
  {
    customerId: 'C-1002',
    name: "Liam O'Connor",
    email: 'liam.oconnor@example.com',
    tier: 'STANDARD',
    status: 'ACTIVE',
    customerSince: '2023-01-30',
    country: 'IE',
    openOrders: 0,
    lifetimeValue: { amount: 310, currency: 'USD' },
  },
  {
    customerId: 'C-1003',
    name: 'Mei Tanaka',
    email: 'mei.tanaka@example.com',
    tier: 'PLATINUM',
    status: 'ACTIVE',
    customerSince: '2016-09-05',
    country: 'JP',
    openOrders: 5,
    lifetimeValue: { amount: 28450.75, currency: 'USD' },
  },
  {
    customerId: 'C-1004',
    name: 'Jonas Weber',
    email: 'jonas.weber@example.com',
    tier: 'SILVER',
    status: 'SUSPENDED',
    customerSince: '2021-06-18',
    country: 'DE',
    openOrders: 1,
    lifetimeValue: { amount: 1275.2, currency: 'USD' },
  },
];

export default {
  // Resource arn:aws:states:::lambda:invoke: the input is { FunctionName, Payload } and the
  // result has the Lambda Invoke response's shape, with the function's result in Payload.
  LookupCustomer: async (input) => {
    const query = input.Payload ?? {};
    let customer;
    if (query.customerId !== undefined) {
      customer = CUSTOMERS.find((c) => c.customerId === query.customerId);
      if (!customer) throw new CustomerNotFound(`No customer has customerId '${query.customerId}'.`);
    } else {
      const email = String(query.customerEmail).toLowerCase();
      customer = CUSTOMERS.find((c) => c.email === email);
      if (!customer) throw new CustomerNotFound(`No customer has customerEmail '${query.customerEmail}'.`);
    }
    return {
      StatusCode: 200,
      ExecutedVersion: '$LATEST',
      Payload: { ...customer, lifetimeValue: { ...customer.lifetimeValue } },
    };
  },
};
