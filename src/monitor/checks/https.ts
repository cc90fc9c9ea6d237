/** `https`: the http check over TLS (status, keyword, time, redirects) plus the certificate. */
import { httpsKind } from './http.js';

export const httpsCheck = httpsKind();
