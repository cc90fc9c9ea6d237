/**
 * The site doctor's public API: "is my site healthy?" in one report. `runDoctor` composes the
 * capabilities that already exist — the live DNS check of the domain (`dns check`), the mail
 * audit, the exposure scan of the domain's own hosts (its MX hosts, the addresses of the domain
 * and www, the addresses the caller names; the scan's safety rules apply), the certificates of
 * every TLS service the scan found, and, when the store has them, the domain's DMARC history and
 * the monitor's latest state. It has no checks of its own: every finding is the composed
 * capability's, plus the few `doctor.*` ones that say what the doctor saw or could not see.
 *
 * `renderDoctorHtml` turns a report into one self-contained HTML page (inline CSS, no script, no
 * external asset) in English or Japanese; `localizeDoctorReport` gives the same report with its
 * sentences, as `--json` prints it.
 *
 * @example
 *   const resolver = new Resolver({ servers: ['127.0.0.1:53'] });
 *   const report = await runDoctor('example.org', { ips: ['192.0.2.80'], db: '/var/lib/netdoctor.db' }, { resolver });
 *   report.worst;                                   // 'fail'
 *   report.sections.map((s) => [s.concern, s.state]); // [['dns','done'], ['mail','done'], …]
 *   await writeFile('report.html', renderDoctorHtml(report, 'ja'));
 */
export { type ConcernName, concernName } from './concerns.js';
export { renderDoctorHtml } from './html.js';
export { type LocalizedDoctorReport, localizeDoctorReport } from './localize.js';
export { doctorMessages } from './messages.js';
export { runDoctor } from './run.js';
export {
  CONCERNS,
  type Concern,
  DOCTOR_DEFAULTS,
  type DoctorCertificate,
  type DoctorDeps,
  type DoctorFinding,
  type DoctorHost,
  type DoctorOptions,
  type DoctorReport,
  type DoctorSection,
  type HostRole,
  type SectionState,
} from './types.js';
