/**
 * What a mail check is: one file in `mail/checks/` exporting a `MailCheck` — its `meta` (the id
 * its data is reported under in `auditMail`'s result and `--json`, a title in every language, and
 * for each finding id it reports its severity and its sentences, en and ja) and its `run`. One line in
 * `checks/index.ts` adds it to `mail audit` (the catalog gathers its messages from there).
 *
 * Every check starts at once; a check that needs another's result awaits it with `ctx.part(id)`
 * (e.g. the reverse-DNS check waits for the MX hosts), so the independent ones run in parallel
 * and the order of the registry does not matter.
 *
 * @example
 *   // mail/checks/bimi.ts, plus `bimi,` in checks/index.ts
 *   const NONE = 'mail.bimi.none';
 *   export default defineMailCheck({
 *     meta: {
 *       id: 'bimi',
 *       title: { en: 'BIMI', ja: 'BIMI' },
 *       severity: { [NONE]: 'info' },
 *       messages: defineMessages({
 *         [NONE]: { en: { title: '{domain} has no BIMI record' }, ja: { title: '{domain} には BIMI レコードがありません' } },
 *       }),
 *     },
 *     async run(ctx) {
 *       const txt = await ctx.resolver.query(`default._bimi.${ctx.domain}`, 'TXT');
 *       return { findings: txt.status === 'ok' ? [] : [finding(NONE, 'info', { domain: ctx.domain })], data: txt.status };
 *     },
 *   });
 */
import type { Severity } from '../../core/findings.js';
import type { Lang, MessageCatalog } from '../../core/i18n.js';
import type { DkimReport, DmarcReport, SpfReport } from '../auth/index.js';
import type { MailCheckContext, MailPart } from '../context.js';
import type { MtaStsData, MtaStsOptions } from '../mta-sts.js';
import type { MxData } from '../mx.js';
import type { ProviderSummary } from '../provider-requirements.js';
import type { AddressCheck } from '../sending-ips.js';
import type { SmtpData, SmtpOptions } from '../smtp.js';

/** The audit's options a check may read. */
export interface MailAuditSettings {
  /** Probe the MX hosts over SMTP; undefined = no probes (`smtp: false`). */
  smtp?: SmtpOptions;
  mtaSts?: MtaStsOptions;
}

/** The data of the checks other checks read, by id (a check nobody reads need not be here). */
export interface MailAuditParts {
  mx: MxData;
  addresses: AddressCheck[];
  spf: SpfReport;
  dkim: DkimReport;
  dmarc: DmarcReport;
  mtaSts: MtaStsData;
  smtp: SmtpData | undefined;
  providers: ProviderSummary[];
}

export interface AuditContext extends MailCheckContext {
  /** `ips` here are the ones given (`--ip`); `sendingIps()` are those or the MX hosts' addresses. */
  sendingIps(): Promise<string[]>;
  settings: MailAuditSettings;
  /** Another check's result, once it is done. */
  part<K extends keyof MailAuditParts>(id: K): Promise<MailPart<MailAuditParts[K]>>;
}

export interface MailCheck<Data = unknown> {
  meta: {
    /** The key of its data in the audit's result (camelCase); the file is its kebab-case name. */
    id: string;
    /** What it looks at, in every language (for listings and the README). */
    title: Record<Lang, string>;
    /**
     * The severity of each finding id it reports (several when the case decides, e.g. a
     * temporary SPF error warns where a permanent one fails); the README's table says the same.
     */
    severity: Record<string, Severity | readonly Severity[]>;
    /** The sentences of every finding id it reports (`mail.<area>.<what>`), en and ja. */
    messages: MessageCatalog;
  };
  run(ctx: AuditContext): Promise<MailPart<Data>>;
}

/** Types a check (the identity function; it keeps `run`'s data type). */
export function defineMailCheck<Data>(check: MailCheck<Data>): MailCheck<Data> {
  return check;
}

/** The entries of `catalog` whose finding id starts with one of `prefixes`. */
export function messagesFor(catalog: MessageCatalog, ...prefixes: string[]): MessageCatalog {
  return Object.fromEntries(Object.entries(catalog).filter(([id]) => prefixes.some((p) => id.startsWith(p))));
}
