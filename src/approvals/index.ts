/**
 * A person's part in a run: approvals a workflow asks for (a `.waitForTaskToken` Task with an approval
 * request beside its token, convention.ts), found in the history while a call waits (watch.ts, read.ts),
 * shown as a form (form.ts) and answered (answer.ts); which machines can ask at all (machines.ts).
 */
export {
  APPROVAL_KEY,
  TOKEN_KEYS,
  approvalInParameters,
  pendingApprovals,
  type ApprovalRequest,
  type PendingApproval,
} from './convention.js';
export { checkAnswer, formSchema, type FormSchema } from './form.js';
export {
  ANSWER_TOOL,
  CANCELLED_ERROR,
  DECLINED_ERROR,
  sendDecision,
  type Decider,
  type Decision,
  type Delivery,
} from './answer.js';
export { readPendingApprovals } from './read.js';
export { CallbackMachines } from './machines.js';
export { approvalWatch, waitingReason } from './watch.js';
