/**
 * Schema Registry documents shaped like real ones, for the tests of EventBridge event schemas and of
 * references: the `AWSEvent` envelope EventBridge writes into every discovered and `aws.*` schema (its
 * `detail` referring to the detail-type component, nested components below it), a discovered schema
 * that types `resources` items as objects, a partner schema whose component names hold `/`, an envelope
 * whose `detail` refers to a component that does not exist, and a draft-04 document without a root type.
 */

type Json = Record<string, unknown>;

/** An OpenAPI 3.0 document as the registry stores it. */
function openApiDocument(title: string, schemas: Json): Json {
  return { openapi: '3.0.0', info: { version: '1.0.0', title }, paths: {}, components: { schemas } };
}

/** The fields of every EventBridge event, all required in the envelope component, as the registry lists them. */
export const EVENT_FIELDS = [
  'detail-type',
  'resources',
  'detail',
  'id',
  'source',
  'time',
  'region',
  'version',
  'account',
];

/** EventBridge's envelope component; `resourceItems` is how the document types `resources` items. */
function awsEvent(source: string, detailType: string, detailRef: string, resourceItems: Json): Json {
  return {
    type: 'object',
    required: [...EVENT_FIELDS],
    'x-amazon-events-detail-type': detailType,
    'x-amazon-events-source': source,
    properties: {
      detail: { $ref: `#/components/schemas/${detailRef}` },
      account: { type: 'string' },
      'detail-type': { type: 'string' },
      id: { type: 'string' },
      region: { type: 'string', enum: ['us-east-1', 'us-west-2', 'eu-west-1'] },
      resources: { type: 'array', items: resourceItems },
      source: { type: 'string' },
      time: { type: 'string', format: 'date-time' },
      version: { type: 'string' },
    },
  };
}

/** The detail of `unicorn.web@PublicationApprovalRequested`, with its nested components. */
export const PUBLICATION_DETAIL = {
  type: 'object',
  required: ['property_id', 'address', 'contract', 'images', 'listprice', 'status'],
  properties: {
    property_id: { type: 'string' },
    address: { $ref: '#/components/schemas/Address' },
    contract: { type: 'string', enum: ['sale', 'rent'] },
    description: { type: 'string' },
    images: { type: 'array', items: { $ref: '#/components/schemas/Image' } },
    listprice: { type: 'number' },
    currency: { type: 'string' },
    status: { type: 'string' },
  },
};

/** A discovered schema (`unicorn.web@PublicationApprovalRequested`): `resources` items typed as objects. */
export const PUBLICATION_REQUESTED = openApiDocument('PublicationApprovalRequested', {
  AWSEvent: awsEvent('unicorn.web', 'PublicationApprovalRequested', 'PublicationApprovalRequested', {
    type: 'object',
  }),
  PublicationApprovalRequested: PUBLICATION_DETAIL,
  Address: {
    type: 'object',
    required: ['city', 'country', 'number', 'street'],
    properties: {
      city: { type: 'string' },
      country: { type: 'string' },
      number: { type: 'string' },
      street: { type: 'string' },
    },
  },
  Image: {
    type: 'object',
    required: ['url'],
    properties: { url: { type: 'string' }, caption: { type: 'string' } },
  },
});

/** The detail of PUBLICATION_REQUESTED with every reference resolved. */
export const PUBLICATION_DETAIL_RESOLVED = {
  ...PUBLICATION_DETAIL,
  properties: {
    ...PUBLICATION_DETAIL.properties,
    address: (PUBLICATION_REQUESTED.components as { schemas: Json }).schemas.Address,
    images: { type: 'array', items: (PUBLICATION_REQUESTED.components as { schemas: Json }).schemas.Image },
  },
};

/** An `aws.events`-style schema (`aws.ec2@EC2InstanceStateChangeNotification`). */
export const EC2_STATE_CHANGE = openApiDocument('EC2InstanceStateChangeNotification', {
  AWSEvent: awsEvent(
    'aws.ec2',
    'EC2 Instance State-change Notification',
    'EC2InstanceStateChangeNotification',
    { type: 'string' },
  ),
  EC2InstanceStateChangeNotification: {
    type: 'object',
    required: ['instance-id', 'state'],
    properties: { 'instance-id': { type: 'string' }, state: { type: 'string' } },
  },
});

/** The partner event source of PARTNER_TICKET. */
export const PARTNER_SOURCE = 'aws.partner/mongodb.com/stitch.trigger/5f3d0b1d8c1a4e0012345678';
/** The component names of PARTNER_TICKET: the detail's, and one nested below it whose name extends it. */
export const TICKET = 'aws.partner/mongodb.com/Ticket.Created';
export const TICKET_CUSTOMER = `${TICKET}/Customer`;

/** A partner schema: component names that hold `/`, referred to as they are written. */
export const PARTNER_TICKET = openApiDocument('Ticket.Created', {
  AWSEvent: awsEvent(PARTNER_SOURCE, 'Ticket.Created', TICKET, { type: 'string' }),
  [TICKET]: {
    type: 'object',
    required: ['ticketId', 'customer'],
    properties: {
      ticketId: { type: 'string' },
      priority: { type: 'integer', minimum: 1, maximum: 5 },
      customer: { $ref: `#/components/schemas/${TICKET_CUSTOMER}` },
    },
  },
  [TICKET_CUSTOMER]: {
    type: 'object',
    required: ['email'],
    properties: { email: { type: 'string', format: 'email' }, name: { type: 'string' } },
  },
});

/** An envelope whose `detail` refers to a component the document does not hold (it holds `Order.Placed`). */
export const DANGLING_DETAIL = openApiDocument('OrderPlaced', {
  AWSEvent: awsEvent('com.example.shop', 'OrderPlaced', 'OrderPlaced', { type: 'string' }),
  'Order.Placed': { type: 'object', required: ['orderId'], properties: { orderId: { type: 'string' } } },
});

/** A draft-04 document without a root type: it constrains nothing, so every object, `{}` too, is an input. */
export const DRAFT4_NO_ROOT_TYPE = {
  $schema: 'http://json-schema.org/draft-04/schema#',
  title: 'AuditPayload',
  description: 'Whatever the producer sends; the state machine reads what it needs.',
  definitions: { Actor: { type: 'object', properties: { id: { type: 'string' } } } },
};

/**
 * A minimal event document from source `s` with detail-type `d`: its `detail` is `detail` inline, or,
 * with `components`, a ref to the component `D` beside them.
 */
export function minimalEvent(detail: Json, components?: Json): Json {
  const inline = components === undefined;
  return {
    components: {
      schemas: {
        AWSEvent: {
          type: 'object',
          'x-amazon-events-source': 's',
          'x-amazon-events-detail-type': 'd',
          properties: { detail: inline ? detail : { $ref: '#/components/schemas/D' } },
        },
        ...(inline ? {} : { D: detail, ...components }),
      },
    },
  };
}

/** A detail PUBLICATION_REQUESTED accepts. */
export const PUBLICATION_EXAMPLE = {
  property_id: 'usa/anytown/main-street/111',
  address: { city: 'Anytown', country: 'USA', number: '111', street: 'Main Street' },
  contract: 'sale',
  images: [{ url: 'https://example.com/front.jpg' }],
  listprice: 200,
  status: 'PENDING',
};
