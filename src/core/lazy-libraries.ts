/**
 * Libraries loaded at their first use instead of at start-up. tldts (the Public Suffix List,
 * about 85 ms to load) and tr46 (the Unicode IDNA tables, about 50 ms) serve few runs, but the
 * modules that import them are loaded by every run that words a finding: the message catalog
 * gathers the zone checks, which hold their own words. A `log firewall` run of two seconds spent
 * a tenth of them loading these two.
 *
 * @example
 *   tldts().getDomain('mail.example.co.jp')  // 'example.co.jp'
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

let tldtsModule: typeof import('tldts') | undefined;
let tr46Module: typeof import('tr46') | undefined;

export function tldts(): typeof import('tldts') {
  tldtsModule ??= require('tldts') as typeof import('tldts');
  return tldtsModule;
}

export function tr46(): typeof import('tr46') {
  tr46Module ??= require('tr46') as typeof import('tr46');
  return tr46Module;
}
