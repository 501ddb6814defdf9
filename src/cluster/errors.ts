/** The API server's answers as messages a person can act on, naming the object and the verb. */
export interface ApiFailure {
  status: number;
  reason: string;
  message: string;
  /** For apply conflicts: the fields and the managers that own them. */
  conflicts?: { field: string; manager: string }[];
}

export function apiFailure(e: unknown): ApiFailure {
  const err = e as { code?: number; statusCode?: number; body?: unknown; message?: string };
  const status = err.code ?? err.statusCode ?? 0;
  let body: { reason?: string; message?: string; details?: { causes?: { field?: string; message?: string }[] } } = {};
  try {
    body = typeof err.body === 'string' ? JSON.parse(err.body) : ((err.body as typeof body) ?? {});
  } catch {
    body = { message: String(err.body) };
  }
  const conflicts = (body.details?.causes ?? [])
    .filter((c) => /conflict with/.test(c.message ?? ''))
    .map((c) => ({ field: c.field ?? '?', manager: /conflict with "([^"]+)"/.exec(c.message ?? '')?.[1] ?? '?' }));
  return {
    status,
    reason: body.reason ?? (status ? `HTTP ${status}` : 'Error'),
    message: body.message ?? err.message ?? String(e),
    ...(conflicts.length ? { conflicts } : {}),
  };
}

export const isNotFound = (e: unknown): boolean => apiFailure(e).status === 404;
