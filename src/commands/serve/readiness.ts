/** What /readyz reports: the catalogue is loaded and AWS Step Functions answers. */
import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import type { AwsClients } from '../../aws/clients.js';
import type { Bridge } from '../../bridge/index.js';
import type { Logger } from '../../log.js';
import type { Readiness } from '../../mcp/http/index.js';

/** /readyz asks AWS at most this often. */
const AWS_PROBE_TTL_MS = 5_000;
const AWS_PROBE_TIMEOUT_MS = 3_000;

export function readinessCheck(bridge: Bridge, clients: AwsClients, log: Logger): () => Promise<Readiness> {
  const awsReachable = awsProbe(clients, log);
  return async () => {
    const catalogue = bridge.isReady();
    const aws = await awsReachable();
    return {
      ready: catalogue && aws,
      checks: { catalogue: catalogue ? 'loaded' : 'loading', aws: aws ? 'reachable' : 'unreachable' },
    };
  };
}

/**
 * "AWS reachable": a ListStateMachines of one item through the server's own client, cached for a few
 * seconds so health checks from many load-balancer nodes cost AWS almost nothing.
 */
function awsProbe(clients: AwsClients, log: Logger): () => Promise<boolean> {
  let checkedAt = -Infinity;
  let ok = false;
  let pending: Promise<boolean> | undefined;
  return async () => {
    if (performance.now() - checkedAt < AWS_PROBE_TTL_MS) return ok;
    pending ??= clients.sfn
      .send(new ListStateMachinesCommand({ maxResults: 1 }), {
        abortSignal: AbortSignal.timeout(AWS_PROBE_TIMEOUT_MS),
      })
      .then(
        () => true,
        (err: unknown) => {
          log.warn({ err }, 'readiness: AWS Step Functions is not reachable');
          return false;
        },
      )
      .then((result) => {
        ok = result;
        checkedAt = performance.now();
        pending = undefined;
        return result;
      });
    return pending;
  };
}
