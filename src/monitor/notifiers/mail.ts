/**
 * Mail through an SMTP server (nodemailer): the title as the subject, detail and fix as the body.
 * nodemailer (some 35 modules) is loaded at the first message, not when the monitor starts.
 */
import type { Notifier } from './types.js';

export const mailNotifier: Notifier = {
  type: 'mail',
  validate: (s) =>
    typeof s.host === 'string' &&
    typeof s.from === 'string' &&
    (typeof s.to === 'string' || Array.isArray(s.to))
      ? undefined
      : {
          en: 'host, from and to are needed (port optional)',
          ja: 'host・from・to が必要です（port は任意）',
        },
  async send(n, s, signal) {
    const { default: nodemailer } = await import('nodemailer');
    const transport = nodemailer.createTransport({
      host: String(s.host),
      port: Number(s.port ?? 25),
      secure: s.secure === true,
      ignoreTLS: s.starttls === false,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
      ...(typeof s.user === 'string' ? { auth: { user: s.user, pass: String(s.pass ?? '') } } : {}),
    });
    const abort = () => transport.close();
    signal.addEventListener('abort', abort, { once: true });
    try {
      await transport.sendMail({
        from: String(s.from),
        to: s.to as string | string[],
        subject: n.title,
        text: [
          n.title,
          '',
          n.detail ?? '',
          n.fix ? `\n${n.fix}` : '',
          '',
          `${n.kind} ${n.target}`,
          n.at,
        ].join('\n'),
        headers: { 'X-Netdoctor-Check': n.check, 'X-Netdoctor-Event': n.event },
        messageId: `<${n.id}@netdoctor.monitor>`,
      });
    } finally {
      signal.removeEventListener('abort', abort);
      transport.close();
    }
  },
};
