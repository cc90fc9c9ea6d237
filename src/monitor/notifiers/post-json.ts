import { NetdoctorError } from '../../core/errors.js';
import { MONITOR_ERRORS } from '../error-messages.js';

/** POSTs a JSON document; a status other than 2xx is a failure (the dispatcher retries). */
export async function postJson(url: string, body: unknown, signal: AbortSignal): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
  await res.arrayBuffer().catch(() => undefined);
  if (res.status < 200 || res.status > 299)
    throw new NetdoctorError('ND_NETWORK', MONITOR_ERRORS.notifierStatus, {
      input: url,
      params: { status: res.status },
    });
}

export function urlProblem(v: unknown): { en: string; ja: string } | undefined {
  try {
    const u = new URL(String(v));
    if (u.protocol === 'http:' || u.protocol === 'https:') return undefined;
  } catch {}
  return {
    en: 'url: an http:// or https:// URL is needed',
    ja: 'url: http:// か https:// の URL が必要です',
  };
}
