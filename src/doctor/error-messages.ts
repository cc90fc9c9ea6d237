/** The site doctor's error sentences, in every language (see core/errors.ts). */
import { defineErrors } from '../core/errors.js';

export const DOCTOR_ERRORS = defineErrors('doctor', {
  notIp: {
    en: 'not an IPv4 or IPv6 address (the doctor examines single addresses)',
    ja: 'IPv4 アドレスでも IPv6 アドレスでもありません（診断するのは個々のアドレスです）',
  },
});
