/** /healthz (the process answers) and /readyz (the checks the caller gives, e.g. catalogue and AWS). */

export interface Readiness {
  ready: boolean;
  /** Named checks, e.g. { catalogue: 'loaded', aws: 'reachable' }; never secrets or AWS messages. */
  checks: Record<string, string>;
}

export const HEALTH_PATH = '/healthz';
export const READINESS_PATH = '/readyz';

export function healthResponse(): Response {
  return Response.json({ status: 'ok' });
}

export async function readinessResponse(readiness: () => Promise<Readiness>): Promise<Response> {
  const r = await readiness();
  return Response.json(
    { status: r.ready ? 'ready' : 'unavailable', ...r.checks },
    { status: r.ready ? 200 : 503 },
  );
}
