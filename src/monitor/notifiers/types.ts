/** What a notifier is: a type (`slack`, `webhook` …) in one file, one line in `index.ts`. */

export interface Notification {
  check: string;
  kind: string;
  target: string;
  /** `down`, `up`, `warning`, `reminder`, `flapping`. */
  event: string;
  status: string;
  /** The sentences, in the configured language. */
  title: string;
  detail?: string;
  fix?: string;
  lang: 'en' | 'ja';
  /** ISO 8601. */
  at: string;
  /** Stable id of this announcement (check, status and the time it was announced). */
  id: string;
}

export interface Notifier {
  type: string;
  /** Checks the settings; returns a one-line problem (English and Japanese) or undefined. */
  validate(settings: Record<string, unknown>): { en: string; ja: string } | undefined;
  /** Delivers one notification; rejects on failure (the dispatcher retries with back-off). */
  send(n: Notification, settings: Record<string, unknown>, signal: AbortSignal): Promise<void>;
}
