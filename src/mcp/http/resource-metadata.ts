/** The RFC 9728 protected-resource metadata document over HTTP (served when OAuth is configured). */

/** JSON, readable cross-origin (browser-based clients fetch it), GET/HEAD only. */
export function resourceMetadataResponse(method: string, document: Record<string, unknown>): Response {
  const cors = { 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=300' };
  if (method === 'OPTIONS') {
    return new Response(null, {
      status: 204,
      headers: {
        ...cors,
        'access-control-allow-methods': 'GET, HEAD, OPTIONS',
        'access-control-allow-headers': '*',
      },
    });
  }
  if (method !== 'GET' && method !== 'HEAD') {
    return Response.json(
      { error: 'method_not_allowed' },
      { status: 405, headers: { ...cors, allow: 'GET, HEAD, OPTIONS' } },
    );
  }
  const response = Response.json(document, { headers: cors });
  return method === 'HEAD' ? new Response(null, { headers: response.headers }) : response;
}
